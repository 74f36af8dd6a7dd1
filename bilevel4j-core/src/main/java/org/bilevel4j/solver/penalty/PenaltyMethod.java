package org.bilevel4j.solver.penalty;

import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.scale.Stall;
import org.bilevel4j.vec.Vec;

/**
 * The penalty / augmented-Lagrangian method of Mehra and Hamm 2019/21 (ALGORITHMS.md §5 row Penalty, after
 * hammlab/bilevel-penalty), with u = x and v = y. It solves min F s.t. ∇_yG = 0 through
 * <pre>
 *   h(u, v) = F(u, v) + νᵀ∇_vG + (ρ/2)‖∇_vG‖²
 *   T Adam steps on v for h + λG, then one Adam step on u for h
 *   when ‖∇_u h‖² + ‖∇_v (h + λG)‖² &lt; ε²:  ρ ← cρ, λ ← dλ, ε ← dε, ν ← ν + ρ∇_vG, learning rates × d
 * </pre>
 * with ∇_v h = ∇_vF + ∇²_vvG w and ∇_u h = ∇_uF + ∇²_uvG w, w = ν + ρ∇_vG: one Hessian-vector product per v
 * step and one cross product per u step, plus one of each for the test (evaluated at the new point).
 * Per outer iteration: T+1 HVPs and 2 cross products. The test uses ∇_v of h + λG, the v-objective, as the
 * official code does; the code squares the norms once more, ALGORITHMS.md does not, and we follow ALGORITHMS.md.
 */
public final class PenaltyMethod implements Solver<PenaltyMethod.State> {
    /**
     * Constants: initial ρ, λ, ε, ν (a constant vector), Adam learning rates of u and v, inner steps T, the
     * growth c of ρ and the decay d of λ, ε and the learning rates (ALGORITHMS.md: c = 1.1, d = 0.9).
     */
    public record Params(double rho0, double lambda0, double eps0, double nu0, double lrX, double lrY, int innerSteps,
                         double rhoGrowth, double decay, int stallWindow) {
        public Params {
            if (!(rho0 > 0 && lambda0 >= 0 && eps0 > 0)) throw new IllegalArgumentException("penalty needs rho0 > 0, lambda0 >= 0, eps0 > 0");
            if (!(lrX > 0 && lrY > 0)) throw new IllegalArgumentException("penalty learning rates must be > 0");
            if (innerSteps < 1) throw new IllegalArgumentException("penalty needs at least one inner step");
            if (!(rhoGrowth >= 1 && decay > 0 && decay <= 1)) throw new IllegalArgumentException("penalty needs rhoGrowth >= 1 and 0 < decay <= 1");
            if (stallWindow < 0) throw new IllegalArgumentException("penalty needs stallWindow >= 0 (0: no stall adaptation)");
        }
    }

    /** x = u, y = v, the multiplier estimate ν, the schedule (ρ, λ, ε, learning rates) and Adam's buffers. */
    public static final class State extends SolverState {
        public Vec nu;
        public double rho, lambda, eps, lrX, lrY;
        /** Times the test ‖∇h‖² &lt; ε² passed (stages completed). */
        public int stages;
        UpdateRule.Updater adamX, adamY;
        /** Watch on ‖∇h‖ within a stage: Adam at a fixed rate stalls at a floor proportional to the rate. */
        Stall stall;

        State(BilevelProblem problem, Vec x, Vec y) { super(problem, x, y); }

        @Override public void save(Snapshot out) {
            super.save(out);
            out.put("nu", nu).put("rho", rho).put("lambda", lambda).put("eps", eps).put("lrX", lrX).put("lrY", lrY)
                    .putLong("stages", stages);
            adamX.save(out, "adamX");
            adamY.save(out, "adamY");
            if (stall != null) stall.save(out, "stall");
        }

        @Override public void restore(Snapshot in) {
            super.restore(in);
            in.into("nu", nu);
            rho = in.num("rho");
            lambda = in.num("lambda");
            eps = in.num("eps");
            lrX = in.num("lrX");
            lrY = in.num("lrY");
            stages = Math.toIntExact(in.integer("stages"));
            adamX.restore(in, "adamX");
            adamY.restore(in, "adamY");
            if (stall != null && in.numbers().containsKey("stall.best")) stall.restore(in, "stall"); // older checkpoints have none
        }
    }

    /** A stall: ‖∇h‖ not below this fraction of its best for a window of iterations. */
    static final double STALL_FACTOR = 0.9;

    private final Params params;

    public PenaltyMethod(Params params) { this.params = params; }

    public Params params() { return params; }

    @Override public String name() { return "penalty"; }

    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        State s = new State(problem, ProjectX.apply(problem, x0.copy()), y0.copy());
        s.nu = Vec.constant(problem.dimY(), params.nu0());
        s.rho = params.rho0();
        s.lambda = params.lambda0();
        s.eps = params.eps0();
        s.lrX = params.lrX();
        s.lrY = params.lrY();
        s.adamX = UpdateRule.adam(k -> s.lrX).init(s.x); // the schedule reads the current (decayed) rate
        s.adamY = UpdateRule.adam(k -> s.lrY).init(s.y);
        s.stall = params.stallWindow() > 0 ? new Stall(params.stallWindow(), STALL_FACTOR) : null;
        report(s);
        return s;
    }

    /** w = ν + ρ ∇_vG, the vector the second-order terms of ∇h act on. */
    private static Vec weight(State s, Vec innerGradY) { return s.nu.copy().axpy(s.rho, innerGradY); }

    /** ∇_v (h + λG) = ∇_vF + ∇²_vvG w + λ∇_vG. */
    static Vec gradY(State s, Vec innerGradY) {
        BilevelProblem p = s.problem;
        return p.outerGradY(s.x, s.y).axpy(1, p.innerHvpYY(s.x, s.y, weight(s, innerGradY))).axpy(s.lambda, innerGradY);
    }

    /** ∇_u h = ∇_uF + ∇²_uvG w. */
    static Vec gradX(State s, Vec innerGradY) {
        BilevelProblem p = s.problem;
        return p.outerGradX(s.x, s.y).axpy(1, p.innerCrossXY(s.x, s.y, weight(s, innerGradY)));
    }

    @Override public void step(State s) {
        BilevelProblem p = s.problem;
        for (int t = 0; t < params.innerSteps(); t++) {
            Vec gy = NonFiniteException.check("penalty v-gradient", gradY(s, p.innerGradY(s.x, s.y)));
            s.adamY.descend(s.y, gy);
        }
        Vec gx = NonFiniteException.check("penalty u-gradient", gradX(s, p.innerGradY(s.x, s.y)));
        s.adamX.descend(s.x, gx);
        ProjectX.apply(p, s.x);
        s.hypergradient = gx;

        Vec gG = p.innerGradY(s.x, s.y);
        double norm2 = gradX(s, gG).normSquared() + gradY(s, gG).normSquared();
        s.extras.put("hGradNorm", Math.sqrt(norm2));
        if (norm2 < s.eps * s.eps) { // a stage is solved: tighten the penalty (ALGORITHMS.md §5 row Penalty)
            s.rho *= params.rhoGrowth();
            s.lambda *= params.decay();
            s.eps *= params.decay();
            s.nu.axpy(s.rho, gG);
            s.lrX *= params.decay();
            s.lrY *= params.decay();
            s.stages++;
            if (s.stall != null) s.stall.reset();
        } else if (s.stall != null && s.stall.stalled(Math.sqrt(norm2))) {
            // no progress on this stage for a window: Adam oscillates at a floor ~ its rate, so halve both rates
            s.lrX *= 0.5;
            s.lrY *= 0.5;
        }
        report(s);
    }

    private static void report(State s) {
        s.extras.put("rho", s.rho);
        s.extras.put("lambda", s.lambda);
        s.extras.put("epsilon", s.eps);
        s.extras.put("stages", (double) s.stages);
        s.extras.put("lrX", s.lrX);
        if (s.stall != null) s.extras.put("stallHalvings", (double) s.stall.count());
    }
}
