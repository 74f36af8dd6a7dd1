package org.bilevel4j.solver.spnbo;

import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/**
 * SPNBO, Algorithm 1 of ALGORITHMS.md §3.6: the inner problem is replaced by its smoothed first-order condition
 * c^μ(w, λ) = ∇_w G = 0 and solved by the augmented Lagrangian (2) with doubly stochastic gradients (§3.5). One
 * {@link #step} is one λ-step (lines 2–12):
 * <pre>
 *   T times:  w ← w − η_w ∇̃_w L(w, λ, α, β, μ)
 *   λ ← Proj(λ − η_λ(β) ∇̃_λ L(w, λ, α, β, μ)),   η_λ(β) = η_λ / (1 + κ β)
 *   every checkEvery steps, if (3), (4), (5) hold at (w, λ):  α ← α + βc;  μ ← μ/2;  ε_i ← ε_i/2;  β ← 2β
 *   every muEvery steps (continuation, muEvery > 0):            μ ← max(μ/2, muMin)
 * </pre>
 * μ is set on the problem when it is {@link Smoothed}; otherwise SPNBO is the plain augmented-Lagrangian method for
 * a smooth inner problem. Floors muMin and caps betaMax (none in the paper) keep the subproblems
 * solvable in floating point; the multiplier updates go on after both are reached. The catalog defaults deviate from
 * the paper (see {@link SpnboSolvers}); {@code schedule=paper} and the paper values remain options.
 * <p>η_λ(β) (not in the paper): the penalty (β/2d)‖c‖² adds (β/d) ∇²_λw G ∇²_wλ G to the λ-curvature of L, so with
 * κ = η_λ L_×²/d (L_× = ‖∇²_xy G‖) the step η_λ/(1 + κβ) = 1/(1/η_λ + β L_×²/d) stays below 1/curvature as β grows;
 * κ = 0 is the paper's fixed η_λ. The factor scales the λ-gradient, so it acts on sgd and heavy-ball (Adam divides it out).
 * <p>Schedule "alm" (not in the paper; the method of multipliers' usual safeguard): when the subproblem is solved, (3),
 * but the constraint tests (4)–(5) fail, still update α ← α + βc and double β (up to betaMax), keeping μ and ε.
 * The paper's schedule updates α only when ‖c‖² ≤ ε₃ already holds, so with β₁ = 1, the 1/d factor and a capped β it
 * can stall at a penalty solution with ‖c‖² > ε₃ forever.
 * <p>Continuation (not in the paper, which halves μ only at a stage, line 9; Theorem 1 needs μ_k → 0): when the stage
 * tests never pass (a sampled outer gradient and Adam's fixed w step keep (3) above ε₁), μ stays at μ₁ and the run
 * converges to the minimizer of the smoothed Φ_μ₁, biased by μ₁. With muEvery > 0, μ is also halved every muEvery
 * λ-steps down to muMin, whatever the stage tests say; with wStepFollowsMu the w step is η_w μ/μ₁, since the smoothed
 * kink's curvature (e^λ/μ for √(w² + μ²) at 0) grows like 1/μ and a fixed absolute Adam step wider than μ keeps the
 * near-zero coordinates, and so c, jittering.
 */
public final class Spnbo implements Solver<Spnbo.State> {
    /** Settings; see {@link SpnboSolvers} for their meaning and defaults. */
    public record Settings(int wSteps, UpdateRule wRule, UpdateRule lambdaRule, double mu1, double muMin, double beta1,
                           double betaMax, double eps1, double eps2, double eps3, double alpha1, int constraintBatch,
                           int outerBatch, int checkEvery, boolean alm, double lambdaCurvature, int muEvery, boolean wStepFollowsMu) {
        public Settings {
            if (!(lambdaCurvature >= 0)) throw new IllegalArgumentException("SPNBO needs lambdaCurvature >= 0");
            if (muEvery < 0) throw new IllegalArgumentException("SPNBO needs muEvery >= 0 (0: no continuation)");
            if (muEvery > 0 && !(muMin > 0)) throw new IllegalArgumentException("SPNBO's continuation (muEvery > 0) needs a floor muMin > 0");
            if (wSteps < 1 || checkEvery < 1) throw new IllegalArgumentException("SPNBO needs wSteps >= 1 and checkEvery >= 1");
            if (!(mu1 > 0 && muMin >= 0 && beta1 > 0 && betaMax >= beta1 && eps1 > 0 && eps2 > 0 && eps3 > 0))
                throw new IllegalArgumentException("SPNBO needs mu1, beta1, eps1..3 > 0, muMin >= 0 and betaMax >= beta1");
        }
    }

    /** The state: w is {@code y}, λ is {@code x}; multiplier α, penalty β, smoothing μ and tolerances ε. */
    public static final class State extends SolverState {
        public Vec alpha;
        public double beta, mu, eps1, eps2, eps3;
        /** Successful stages (multiplier updates) so far. */
        public int stages;
        /** Multiplier updates so far (stages, plus the safeguard updates of the "alm" schedule). */
        public int multiplierUpdates;
        public final Rng rng;
        UpdateRule.Updater wUpdater, lambdaUpdater;

        State(BilevelProblem problem, Vec x, Vec y, long seed) {
            super(problem, x, y);
            rng = new Rng(seed);
        }

        @Override public void save(Snapshot out) {
            super.save(out);
            out.put("alpha", alpha).put("beta", beta).put("mu", mu).put("eps1", eps1).put("eps2", eps2).put("eps3", eps3)
                    .putLong("stages", stages).putLong("multiplierUpdates", multiplierUpdates).putLong("rng", rng.state());
            wUpdater.save(out, "wRule");
            lambdaUpdater.save(out, "lambdaRule");
        }

        /** Also sets the problem's smoothing to the restored μ (the problem keeps it, see setMu). */
        @Override public void restore(Snapshot in) {
            super.restore(in);
            in.into("alpha", alpha);
            beta = in.num("beta");
            mu = in.num("mu");
            eps1 = in.num("eps1");
            eps2 = in.num("eps2");
            eps3 = in.num("eps3");
            stages = Math.toIntExact(in.integer("stages"));
            multiplierUpdates = Math.toIntExact(in.integer("multiplierUpdates"));
            rng.setState(in.integer("rng"));
            wUpdater.restore(in, "wRule");
            lambdaUpdater.restore(in, "lambdaRule");
            setMu(problem, mu);
        }

        /** Also the multipliers α of the constraints ∇_w G = 0 and the w-rule's buffers: both belong to the old episodes' heads. */
        @Override public void resetInner(Vec y0) {
            super.resetInner(y0);
            if (freshInner != null) freshInner.run();
        }

        /** Resets α and the w update rule (set by init). */
        Runnable freshInner;
    }

    private final Settings s;
    private final long seed;
    private final DoublyStochasticGradient grad;

    public Spnbo(Settings settings, long seed) {
        this.s = settings;
        this.seed = seed;
        this.grad = new DoublyStochasticGradient(settings.constraintBatch(), settings.outerBatch());
    }

    public Settings settings() { return s; }

    @Override public String name() { return "spnbo"; }

    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        State st = new State(problem, x0.copy(), y0.copy(), seed);
        if (problem.bounds() != null) problem.bounds().project(st.x);
        st.alpha = Vec.constant(problem.dimY(), s.alpha1());
        st.beta = s.beta1();
        st.mu = s.mu1();
        st.eps1 = s.eps1();
        st.eps2 = s.eps2();
        st.eps3 = s.eps3();
        setMu(problem, st.mu);
        st.wUpdater = s.wRule().init(st.y);
        st.freshInner = () -> {
            st.alpha.assign(Vec.constant(st.alpha.dim(), s.alpha1()));
            st.wUpdater = s.wRule().init(st.y);
        };
        st.lambdaUpdater = s.lambdaRule().init(st.x);
        return st;
    }

    @Override public void step(State st) {
        BilevelProblem p = st.problem;
        double wScale = s.wStepFollowsMu() ? st.mu / s.mu1() : 1; // η_w μ/μ₁: the kink's curvature grows like 1/μ
        for (int t = 0; t < s.wSteps(); t++) { // lines 2–4
            Vec g = grad.sample(p, st.x, st.y, st.alpha, st.beta, st.rng, DoublyStochasticGradient.Wrt.W);
            Vec before = wScale == 1 ? null : st.y.copy();
            st.wUpdater.descend(st.y, NonFiniteException.check("SPNBO w-gradient", g));
            if (before != null) st.y.axpy(-1, before).scale(wScale).axpy(1, before);
        }
        Vec gl = grad.sample(p, st.x, st.y, st.alpha, st.beta, st.rng, DoublyStochasticGradient.Wrt.LAMBDA); // lines 5–6
        st.hypergradient = NonFiniteException.check("SPNBO lambda-gradient", gl);
        double follow = 1 / (1 + s.lambdaCurvature() * st.beta); // η_λ(β) / η_λ
        st.lambdaUpdater.descend(st.x, follow == 1 ? gl : gl.copy().scale(follow));
        Box box = p.bounds();
        if (box != null) box.project(st.x);

        if ((st.iteration + 1) % s.checkEvery() == 0) { // lines 7–11
            AugmentedLagrangian al = AugmentedLagrangian.at(p, st.x, st.y, st.alpha, st.beta);
            st.extras.put("constraintNorm", al.c().norm());
            st.extras.put("psi", al.psi());
            boolean solved = al.gradW().normSquared() + al.gradLambda().normSquared() <= st.eps1;
            if (al.stageDone(st.eps1, st.eps2, st.eps3)) {
                st.alpha.axpy(st.beta, al.c());
                st.mu = Math.max(st.mu / 2, s.muMin());
                st.eps1 /= 2;
                st.eps2 /= 2;
                st.eps3 /= 2;
                st.beta = Math.min(2 * st.beta, s.betaMax());
                st.stages++;
                st.multiplierUpdates++;
                setMu(p, st.mu);
            } else if (s.alm() && solved) { // not in the paper: (3) holds but (4) or (5) fails
                st.alpha.axpy(st.beta, al.c());
                st.beta = Math.min(2 * st.beta, s.betaMax());
                st.multiplierUpdates++;
            }
        }
        if (s.muEvery() > 0 && (st.iteration + 1) % s.muEvery() == 0 && st.mu > s.muMin()) { // continuation (not gated by a stage)
            st.mu = Math.max(st.mu / 2, s.muMin());
            setMu(p, st.mu);
        }
        st.extras.put("mu", st.mu);
        st.extras.put("beta", st.beta);
        if (s.wStepFollowsMu()) st.extras.put("wStepScale", st.mu / s.mu1());
        if (s.lambdaCurvature() > 0) st.extras.put("lambdaStepScale", 1 / (1 + s.lambdaCurvature() * st.beta));
        st.extras.put("stages", (double) st.stages);
        st.extras.put("multiplierUpdates", (double) st.multiplierUpdates);
    }

    private static void setMu(BilevelProblem p, double mu) {
        BilevelProblem raw = p instanceof CountingProblem c ? c.uncounted() : p;
        if (raw instanceof Smoothed sm) sm.setMu(mu);
    }
}
