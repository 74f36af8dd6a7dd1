package org.bilevel4j.solver.penalty;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.hypergrad.InnerGradientDescent;
import org.bilevel4j.vec.Vec;

/**
 * F2BA, the deterministic fully first-order method of Chen, Ma, Zhang 2023 (ALGORITHMS.md §5 row F2BA): the
 * minimax form of §2.2 with a fixed multiplier λ and both inner variables solved inexactly by warm-started loops.
 * <pre>
 *   y ← yInnerSteps steps of GD on F(x,·) + λ G(x,·), step yStep, from the previous y
 *   z ← zInnerSteps steps of GD on G(x,·), step zStep, from the previous z
 *   x ← Proj_X(x − η (∇_xF(x,y) + λ (∇_xG(x,y) − ∇_xG(x,z))))          = x − η ∇Φ_λ(x) when y, z are exact
 * </pre>
 * Φ_λ(x) = min_y {F + λG} − λ min_z G differs from Φ by O(1/λ) (§2.2 Theorem 2), so F2BA converges to a point
 * O(1/λ) from x*. The constants (λ ≍ 1/ε, the steps) are UNVERIFIED in ALGORITHMS.md and are options.
 */
public final class F2ba implements Solver<F2ba.State> {
    public record Params(double lambda, int yInnerSteps, double yStep, int zInnerSteps, double zStep, double outerStep) {
        public Params {
            if (!(lambda > 0)) throw new IllegalArgumentException("F2BA needs lambda > 0, got " + lambda);
            if (yInnerSteps < 0 || zInnerSteps < 0) throw new IllegalArgumentException("F2BA inner steps must be >= 0");
            if (!(yStep > 0 && zStep > 0 && outerStep > 0)) throw new IllegalArgumentException("F2BA step sizes must be > 0");
        }
    }

    /** x, y (the F + λG variable) and z (the G variable). */
    public static final class State extends SolverState {
        /** The auxiliary inner variable z of §2.2: tracks y*(x). */
        public Vec z;

        State(BilevelProblem problem, Vec x, Vec y) {
            super(problem, x, y);
            this.z = y.copy();
        }

        @Override public void save(Snapshot out) {
            super.save(out);
            out.put("z", z);
        }

        @Override public void restore(Snapshot in) {
            super.restore(in);
            in.into("z", z);
        }
    }

    private final Params params;

    public F2ba(Params params) { this.params = params; }

    public Params params() { return params; }

    @Override public String name() { return "f2ba"; }

    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        State s = new State(problem, ProjectX.apply(problem, x0.copy()), y0.copy());
        s.extras.put("lambda", params.lambda());
        return s;
    }

    @Override public void step(State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x;
        double lam = params.lambda();
        for (int t = 0; t < params.yInnerSteps(); t++) s.y.axpy(-params.yStep(), PenalizedGradY.of(p, p, x, s.y, lam));
        NonFiniteException.check("y (inner variable of F + lambda G)", s.y);
        InnerGradientDescent.run(p, x, s.z, params.zInnerSteps(), params.zStep());
        Vec g = NonFiniteException.check("F2BA x-direction", PenaltyGradX.of(p, x, s.y, s.z, lam));
        x.axpy(-params.outerStep(), g);
        ProjectX.apply(p, x);
        s.hypergradient = g;
    }
}
