package org.bilevel4j.solver.penalty;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.hypergrad.InnerGradientDescent;
import org.bilevel4j.vec.Vec;

/**
 * BOME (Liu, Ye, Wright, Stone, Liu, "BOME! Bilevel optimization made easy: a simple first-order approach",
 * NeurIPS 2022; not in ALGORITHMS.md, written from the published algorithm and checked against
 * benchmark_bilevel's bome.py). It treats min F s.t. q(x,y) = G(x,y) − min_θ G(x,θ) ≤ 0 with a dynamic barrier:
 * <pre>
 *   θ ← q steps of GD on G(x,·) from θ_0 = y (step innerStep)        q̂(x,y) = G(x,y) − G(x,θ), θ held fixed
 *   ∇q̂ = (∇_xG(x,y) − ∇_xG(x,θ),  ∇_yG(x,y))
 *   φ = η‖∇q̂‖²  (or η q̂ with phi=value)
 *   λ = max(φ − ⟨∇F, ∇q̂⟩, 0) / ‖∇q̂‖²
 *   x ← Proj_X(x − ξ_x d_x),  y ← y − ξ_y d_y,   d = ∇F + λ∇q̂        (the paper: one step ξ for both)
 * </pre>
 * The paper moves (x, y) jointly with one step ξ; benchmark_bilevel lets the x step differ by a ratio. We take two
 * steps (both options): the y step bounds how large λ can grow, because λ rises until the y iteration becomes
 * marginally stable along the top eigenvector of ∇²_yyG (ξ_y λ L ≈ 2), after which the iterates oscillate.
 * The barrier guarantees ⟨d, ∇q̂⟩ ≥ φ, so q̂ decreases while F is minimised where it can be. First order only.
 * <p>
 * Bias: because θ starts at y, ∇_xq̂ = ∇_xG(x,y) − ∇_xG(x,θ) sees only P_q = I − (I − s∇²_yyG)^q of the gap
 * y − y*(x) (exactly so on a quadratic), and BOME settles at the zero of ∇_xF − ∇²_xyG P_q (∇²_yyG)⁻¹ ∇_yF instead
 * of the true hypergradient: with few inner steps (q ≪ condition number) the limit is visibly off x*
 * (BomeTest measures it). More inner steps q remove this bias.
 */
public final class Bome implements Solver<Bome.State> {
    /** {@code rho} ≥ 0 selects the scaled y step yStep / (rho + λ) (= c/(L_f + λ L_g) for yStep = c/L_g, rho = L_f/L_g); negative: fixed yStep. */
    public record Params(int qSteps, double innerStep, double yStep, double outerStep, double eta, boolean phiFromValue, double rho) {
        public Params(int qSteps, double innerStep, double yStep, double outerStep, double eta, boolean phiFromValue) {
            this(qSteps, innerStep, yStep, outerStep, eta, phiFromValue, -1);
        }

        double yStepAt(double lambda) { return rho >= 0 ? yStep / (rho + lambda) : yStep; }

        public Params {
            if (qSteps < 1) throw new IllegalArgumentException("BOME needs at least one inner step (q), got " + qSteps);
            if (!(innerStep > 0 && yStep > 0 && outerStep > 0)) throw new IllegalArgumentException("BOME step sizes must be > 0");
            if (!(eta > 0)) throw new IllegalArgumentException("BOME needs eta > 0, got " + eta);
        }
    }

    /** x, y and the last inner estimate θ_q of y*(x). */
    public static final class State extends SolverState {
        /** θ_q, q GD steps on G(x,·) from y: the value-function estimate's minimiser. */
        public Vec theta;

        State(BilevelProblem problem, Vec x, Vec y) { super(problem, x, y); }

        @Override public void save(Snapshot out) {
            super.save(out);
            out.put("theta", theta);
        }

        @Override public void restore(Snapshot in) {
            super.restore(in);
            theta = in.vec("theta");
        }
    }

    private final Params params;

    public Bome(Params params) { this.params = params; }

    public Params params() { return params; }

    @Override public String name() { return "bome"; }

    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        State s = new State(problem, ProjectX.apply(problem, x0.copy()), y0.copy());
        s.theta = y0.copy();
        return s;
    }

    @Override public void step(State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        Vec theta = InnerGradientDescent.run(p, x, y.copy(), params.qSteps(), params.innerStep());
        s.theta = theta;
        BomeDirection d = BomeDirection.of(p, x, y, theta, params.eta(), params.phiFromValue());
        NonFiniteException.check("BOME multiplier lambda", d.lambda());
        x.axpy(-params.outerStep(), d.dx());
        y.axpy(-params.yStepAt(d.lambda()), d.dy());
        ProjectX.apply(p, x);
        s.hypergradient = d.dx();
        s.extras.put("lambda", d.lambda());
        s.extras.put("qGradNorm", Math.sqrt(d.qx().normSquared() + d.qy().normSquared()));
    }
}
