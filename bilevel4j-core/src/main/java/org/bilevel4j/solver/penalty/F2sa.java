package org.bilevel4j.solver.penalty;

import org.bilevel4j.problem.Batches;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/**
 * F2SA, the fully first-order stochastic approximation of Kwon et al. 2023 (ALGORITHMS.md §5 row F2SA, with
 * the minimax form of §2.2–2.3). One step is one outer iteration k:
 * <pre>
 *   for t = 1..T:  z ← z − γ_k ∇_yG(x, z)                         (z tracks y*(x))
 *                  y ← y − α_k (∇_yF(x, y) + λ_k ∇_yG(x, y))       (y tracks argmin F + λ_k G)
 *   x ← Proj_X(x − β_k (∇_xF(x, y) + λ_k (∇_xG(x, y) − ∇_xG(x, z))))
 *   λ_{k+1} = λ_k + δ_k
 *   α_k = s (k+1)^−a,  γ_k = s (k+1)^−c,  β_k = (s/r) (k+1)^−b,  δ_k = δ_0 (k+1)^−d   (a, c, b, d = 5/7, 4/7, 4/7, 1/7)
 * </pre>
 * With {@code lambdaScaledX} the x step is β_k (u + λ_0)/(u + λ_k) (u = rho in the scaled form, else 0): it shrinks
 * like the y step, so that β_k λ_k stays bounded (the paper's β_k = ξ α_k also ties the x step to the y step; this
 * ratio is ours, UNVERIFIED beyond the README's measurements). With
 * {@code matchedSteps} the y step is α_k = γ_k / λ_k: y then moves on λ_k G exactly as z moves on G, so that
 * d = y − z follows λ_k d ← (I − γ_k ∇²_yyG) λ_k d − γ_k ∇_yF (on a quadratic; SOBA's recursion for v = λ_k d): the
 * x-direction ∇_xF + λ_k (∇_xG(x,y) − ∇_xG(x,z)) then carries no noise that grows with λ_k or with L_f/L_g (ours,
 * UNVERIFIED beyond the README's measurements; it needs λ_k &gt; L_f/L_g for a stable y step).
 * <p>
 * Batches. Unless paired, every oracle call draws its own mini-batch (independent batches, as benchmark_bilevel's
 * f2sa.py and {@code preset=benchmark}); a full-batch run uses the problem itself. {@code pairedBatches} evaluates
 * ∇_xG(x,y) and ∇_xG(x,z) on one batch, and {@code pairedInner} evaluates ∇_yG(x,y) and ∇_yG(x,z) of each inner step on
 * one batch: the x-direction is λ_k times a difference of G's gradients at y and z, so independent samples leave λ_k
 * times their sampling noise in it, while one batch for both (common random numbers) cancels the noise that y and z
 * share (ours, UNVERIFIED against the paper; on MNIST hyper-cleaning the inner pairing is what stops the divergence).
 * The catalog's mini-batch defaults turn on both pairings, matchedSteps and lambdaScaledX ({@code PenaltySolvers}).
 * Only gradients: no Hessian-vector or cross products.
 * <p>
 * Stability caveat of the §5 schedule: an error e in z enters the x-direction as λ_k ∇²_xyG e, while z corrects
 * it at rate ~ T γ_k μ. The loop stays stable while β_k λ_k ≲ T γ_k μ / ‖∇²_xyG (∇²_yyG)⁻¹ ∇²_yxG‖, but with the
 * benchmark's exponents β_k λ_k / γ_k = λ_k / r grows like k^{6/7}: a long enough run becomes unstable. On the
 * default quadratic, r = 0.3 diverges near λ ≈ 200 (k ≈ 6000); r = 1 is still stable at k = 20000 but slow. Summable
 * increments (deltaExponent &gt; 1) bound λ and avoid this; so does {@code lambdaScaledX}.
 */
public final class F2sa implements Solver<F2sa.State> {
    /**
     * The constants. {@code xi} &gt; 0 selects the paper's x-step β_k = ξ α_k instead of (s/r)(k+1)^−b
     * (UNVERIFIED ξ: ALGORITHMS.md §5 notes the paper writes ξα_k; benchmark_bilevel uses the (s/r) form).
     */
    public record Params(double s, double r, double lambda0, double delta0, int innerSteps, int innerBatch, int outerBatch,
                         boolean fullBatch, boolean pairedBatches, double yExponent, double zExponent, double xExponent, double deltaExponent,
                         double xi, double rho, boolean pairedInner, boolean lambdaScaledX, boolean matchedSteps) {
        public Params {
            if (!(s > 0 && r > 0)) throw new IllegalArgumentException("F2SA needs s > 0 and r > 0");
            if (!(lambda0 >= 0 && delta0 >= 0)) throw new IllegalArgumentException("F2SA needs lambda0 >= 0 and delta0 >= 0");
            if (innerSteps < 1) throw new IllegalArgumentException("F2SA needs at least one inner step, got " + innerSteps);
            if (innerBatch < 1 || outerBatch < 1) throw new IllegalArgumentException("F2SA batch sizes must be >= 1");
            if (lambdaScaledX && !(Math.max(rho, 0) + lambda0 > 0))
                throw new IllegalArgumentException("F2SA's lambdaScaledX needs lambda0 > 0 (or the scaled form)");
            if (matchedSteps && !(lambda0 > Math.max(rho, 0)))
                throw new IllegalArgumentException("F2SA's matchedSteps needs lambda_0 > L_f/L_g (y step gamma/lambda on F + lambda G), got lambda_0 = " + lambda0);
        }

        /**
         * The y step at multiplier λ: s (k+1)^−a, or with rho ≥ 0 (scaled form) s (k+1)^−a / (rho + λ), i.e. 1/(L_f + λ L_g)
         * for s = 1/L_g, rho = L_f/L_g; with matchedSteps γ_k / λ, so that y's step on λG equals z's step on G.
         */
        double alpha(long k, double lambda) {
            if (matchedSteps) return gamma(k) / lambda;
            return s * Math.pow(k + 1, -yExponent) / (rho >= 0 ? rho + lambda : 1);
        }

        double alpha(long k) { return alpha(k, 0); }

        double gamma(long k) { return s * Math.pow(k + 1, -zExponent); }

        double beta(long k) { return xi > 0 ? xi * alpha(k) : s / r * Math.pow(k + 1, -xExponent); }

        /** The x step at multiplier λ: β_k, or with lambdaScaledX β_k (u + λ_0)/(u + λ) (u = rho in the scaled form, else 0): β_k λ stays bounded. */
        double beta(long k, double lambda) {
            double u = Math.max(rho, 0);
            return lambdaScaledX ? beta(k) * (u + lambda0) / (u + lambda) : beta(k);
        }

        double delta(long k) { return delta0 * Math.pow(k + 1, -deltaExponent); }
    }

    /** x, y (the F + λG variable), z (the G variable), the multiplier λ_k and the batch stream. */
    public static final class State extends SolverState {
        /** The auxiliary inner variable z of §2.2: tracks y*(x) = argmin_y G(x, y). */
        public Vec z;
        /** The penalty multiplier λ_k. */
        public double lambda;
        final Rng rng;

        State(BilevelProblem problem, Vec x, Vec y, double lambda, long seed) {
            super(problem, x, y);
            this.z = y.copy();
            this.lambda = lambda;
            this.rng = new Rng(seed);
        }

        @Override public void save(Snapshot out) {
            super.save(out);
            out.put("z", z).put("lambda", lambda).putLong("rng", rng.state());
        }

        @Override public void restore(Snapshot in) {
            super.restore(in);
            in.into("z", z);
            lambda = in.num("lambda");
            rng.setState(in.integer("rng"));
        }

        @Override public void resetInner(Vec y0) {
            super.resetInner(y0);
            z.assign(y0);
        }
    }

    private final Params params;
    private final long seed;

    public F2sa(Params params, long seed) {
        this.params = params;
        this.seed = seed;
    }

    public Params params() { return params; }

    @Override public String name() { return "f2sa"; }

    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        State s = new State(problem, ProjectX.apply(problem, x0.copy()), y0.copy(), params.lambda0(), seed);
        s.extras.put("lambda", s.lambda);
        return s;
    }

    /** True when every oracle call sees the whole problem: fullBatch, or batches at least as large as both sums. */
    static boolean wholeProblem(BilevelProblem p, boolean fullBatch, int innerBatch, int outerBatch) {
        return fullBatch || (innerBatch >= p.innerSamples() && outerBatch >= p.outerSamples());
    }

    /** An independent mini-batch view (its outer and inner batches drawn afresh), or the problem itself. */
    private BilevelProblem draw(State s) {
        BilevelProblem p = s.problem;
        boolean full = wholeProblem(p, params.fullBatch(), params.innerBatch(), params.outerBatch());
        return full ? p : Batches.view(p, s.rng, params.outerBatch(), params.innerBatch());
    }

    @Override public void step(State s) {
        long k = s.iteration;
        double lam = s.lambda, alpha = params.alpha(k, lam), gamma = params.gamma(k);
        Vec x = s.x;
        for (int t = 0; t < params.innerSteps(); t++) {
            BilevelProblem a = draw(s), b = draw(s); // a: F at y and G at z; b: G at y (independent samples)
            Vec gz, gy;
            if (params.pairedInner()) { // a: F at y; b: G at y and at z in one pass, so that its sampling noise moves y and z alike
                Answer[] q = b.innerAt(x, s.y, Request.GRAD_Y, s.z, Request.GRAD_Y);
                gz = q[1].gradY();
                gy = a.outerGradY(x, s.y).axpy(lam, q[0].gradY()); // ∇_yF + λ ∇_yG (eq. 25b)
            } else {
                gz = a.innerGradY(x, s.z);
                gy = PenalizedGradY.of(a, b, x, s.y, lam);
            }
            s.z.axpy(-gamma, gz);
            s.y.axpy(-alpha, gy);
        }
        NonFiniteException.check("z (inner variable of G)", s.z);
        NonFiniteException.check("y (inner variable of F + lambda G)", s.y);
        BilevelProblem a = draw(s), b = params.pairedBatches() ? a : draw(s);
        Vec g = NonFiniteException.check("F2SA x-direction", PenaltyGradX.of(a, a, b, x, s.y, s.z, lam));
        x.axpy(-params.beta(k, lam), g);
        ProjectX.apply(s.problem, x);
        s.hypergradient = g;
        s.lambda = lam + params.delta(k);
        s.extras.put("lambda", s.lambda);
    }
}
