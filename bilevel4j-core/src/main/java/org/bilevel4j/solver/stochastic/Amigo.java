package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * AmIGO (Arbel and Mairal 2022, Algorithm 1 with Algorithm 2 for the linear system; docs/STOCHASTIC.md §6):
 * warm-started SGD on both inner problems, then one outer step:
 * <pre>
 *   T times:  y ← y − ρ ∇_y G_B(x, y)                       (fresh inner batch each step)
 *   outer batch j:  g_y = ∇_y F_j(x, y),  g_x = ∇_x F_j(x, y)
 *   M times:  z ← z − ρ (∇²_yy G_B(x, y) z − g_y)           (SGD on ½ zᵀ∇²G z − zᵀ g_y, warm-started z)
 *   x ← x − γ (g_x − ∇²_xy G_B(x, y) z)
 * </pre>
 * γ carries the tracking rule's factor ({@link StochasticState#outerStep}), fed the last residual of each loop.
 */
public final class Amigo implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final int innerSteps, systemSteps;
    private final long seed;

    public Amigo(StochasticSettings settings, int innerSteps, int systemSteps, long seed) {
        this.st = settings;
        this.innerSteps = innerSteps;
        this.systemSteps = systemSteps;
        this.seed = seed;
    }

    @Override public String name() { return "amigo"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        Vec x = s.x, y = s.y, z = s.v;
        double rho = st.rho(t);
        Vec dy = y.zerosLike(), dz = z.zerosLike();   // the last residuals of both loops (the tracking errors)
        for (int k = 0; k < innerSteps; k++) y.axpy(-rho, dy = s.nextInner().innerGradY(x, y));
        BilevelProblem f = s.nextOuter();
        Vec gy = f.outerGradY(x, y), gx = f.outerGradX(x, y);
        for (int k = 0; k < systemSteps; k++) z.axpy(-rho, dz = s.nextInner().innerHvpYY(x, y, z).axpy(-1, gy));
        Vec g = gx.axpy(-1, s.nextInner().innerCrossXY(x, y, z));
        NonFiniteException.check("AmIGO hypergradient estimate", g);
        s.hypergradient = g;
        s.moveX(s.outerStep(st, t, g, dy, dz), g);
    }
}
