package org.bilevel4j.solver.hessfree;

import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.Request;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * MinimaxOPT Algorithm 1 (ALGORITHMS.md §2.4): simultaneous GDA on 𝓕_α(x,y,z) = F(x,y) + α(G(x,y) − G(x,z)),
 * descent in (x, y), ascent in z, α ← τ α after every stage of T iterations. One step = one GDA iteration:
 * <pre>
 *   g_x = ∇_x F(x,y) + α (∇_x G(x,y) − ∇_x G(x,z))      (25a)
 *   g_y = ∇_y F(x,y) + α ∇_y G(x,y)                       (25b)
 *   g_z = −α ∇_z G(x,z)                                   (25c)
 *   x ← Proj_X(x − η_x g_x);  y ← y − η_y g_y;  z ← z + η_z g_z
 * </pre>
 */
public final class MinimaxOpt implements Solver<MinimaxOptState> {
    /**
     * Growth back-off (issue 11: "adapt when values grow"): when ‖g_x‖ rises above GROWTH times its smallest value since
     * the last back-off, the simultaneous GDA is unstable (the coupling α ∇²_xy G outruns the x step on a badly
     * conditioned problem), so the x step is halved for the rest of the run (trace: stepXScale, backoffs).
     */
    static final double GROWTH = 10;

    private final MinimaxSettings st;

    public MinimaxOpt(MinimaxSettings settings) { this.st = settings; }

    public MinimaxSettings settings() { return st; }

    @Override public String name() { return "minimaxopt"; }

    @Override public MinimaxOptState init(BilevelProblem problem, Vec x0, Vec y0) {
        MinimaxOptState s = new MinimaxOptState(problem, x0.copy(), y0.copy(), y0.copy(), st.alphaOfStage(0));
        Box box = problem.bounds();
        if (box != null) box.project(s.x);
        return s;
    }

    @Override public void step(MinimaxOptState s) {
        if (s.stageStep == st.stageLength()) { // line 7: next stage
            s.stage++;
            s.stageStep = 0;
            s.alpha = st.alphaOfStage(s.stage);
        }
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y, z = s.z;
        double a = s.alpha;
        Answer f = p.outerAt(x, y, Request.GRADS);
        Answer[] g = p.innerAt(x, y, Request.GRADS, z, Request.GRADS); // G's gradients at y and z in one pass
        Vec gx = f.gradX().axpy(a, g[0].gradX()).axpy(-a, g[1].gradX());
        Vec gy = f.gradY().axpy(a, g[0].gradY());
        Vec gzDescent = g[1].gradY().scale(a); // −g_z: ascent on −α G(x,z) is descent on α G(x,z)
        NonFiniteException.check("x-gradient of F_alpha", gx);
        double ey = st.stepY(a), ez = st.stepZ(a);
        s.hypergradient = gx;
        double gn = gx.norm();
        if (s.bestGx > 0 && gn > GROWTH * s.bestGx) {
            s.stepXScale /= 2;
            s.backoffs++;
            s.bestGx = gn;
        } else if (s.bestGx == 0 || gn < s.bestGx) s.bestGx = gn;
        x.axpy(-st.stepX() * s.stepXScale, gx);
        Box box = p.bounds();
        if (box != null) box.project(x);
        y.axpy(-ey, gy);
        z.axpy(-ez, gzDescent);
        NonFiniteException.check("z (max variable)", z);
        s.stageStep++;
        s.extras.put("alpha", a);
        s.extras.put("stage", (double) s.stage);
        s.extras.put("stepY", ey);
        s.extras.put("stepZ", ez);
        s.extras.put("stepXScale", s.stepXScale);
        s.extras.put("backoffs", (double) s.backoffs);
    }
}
