package org.bilevel4j.solver.hypergrad;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.linalg.FixedPointIteration;
import org.bilevel4j.linalg.NeumannSeries;
import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;

/** Catalog entries of the implicit-differentiation family. */
public final class AidSolvers {
    private AidSolvers() {}

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "aid-cg", "AID-BiO, conjugate gradient on the implicit linear system (Ji et al. 2021)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            int n = o.getInt("linearSteps", 10, 0, "CG steps per outer iteration (N)");
            boolean warm = o.getBool("warmStartV", true, "warm-start the linear system from the previous solution");
            double damping = Damping.read(p, o);
            // a given innerStep keeps its meaning (every step that size); without one, 1/L is only the first step
            String rule = o.choice("innerStepRule", o.has("innerStep") ? "fixed" : "adaptive",
                    "inner steps of full-batch descent: adaptive (secant step of Malitsky & Mishchenko 2020 from innerStep on) or fixed "
                            + "(innerStep every step); default adaptive unless innerStep is given; mini-batch steps are fixed", "adaptive", "fixed");
            return new HypergradientDescent("aid-cg", new AidEstimator(b.steps(), h.innerStep(), new ConjugateGradient(n, 0), warm, damping, b.batch(),
                    rule.equals("adaptive")), h.outerRule(), seed);
        });
        Catalog.add(m, "aid-neumann", "AID with a truncated Neumann series (Lorraine et al. 2020)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            // the truncation bias shrinks like (1 - eta mu)^K: 500 terms reach 1e-4 on the default quadratic (condition 100);
            // on real tasks 10-20 terms are the usual choice (the hyper-cleaning suites set 20)
            int n = o.getInt("linearSteps", 500, 0, "Neumann terms per outer iteration (K; bias ~ (1 - eta mu)^K, use 10-20 on large tasks)");
            double eta = o.getPositive("neumannStep", h.innerStep(), "Neumann step eta (<= 1/L; default the inner step)");
            double damping = Damping.read(p, o);
            return new HypergradientDescent("aid-neumann", new AidEstimator(b.steps(), h.innerStep(), new NeumannSeries(n, eta), false, damping, b.batch()),
                    h.outerRule(), seed);
        });
        Catalog.add(m, "aid-fp", "AID with fixed-point iteration, warm-started (Grazzi et al. 2020)", (p, o, seed) -> {
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            InnerBatches.Plan b = InnerBatches.plan(p, o, h.innerSteps());
            int n = o.getInt("linearSteps", 20, 0, "fixed-point steps per outer iteration");
            double eta = o.getPositive("fixedPointStep", h.innerStep(), "fixed-point step (<= 1/L; default the inner step)");
            boolean warm = o.getBool("warmStartV", true, "warm-start the linear system from the previous solution");
            double damping = Damping.read(p, o);
            return new HypergradientDescent("aid-fp", new AidEstimator(b.steps(), h.innerStep(), new FixedPointIteration(n, eta), warm, damping, b.batch()),
                    h.outerRule(), seed);
        });
        Catalog.add(m, "stocbio", "stocBiO: mini-batch AID with a stochastic Neumann series (Ji, Yang, Liang 2021)", (p, o, seed) -> {
            // defaults (not the paper's, whose constants are UNVERIFIED, §4.3): D = 10, Q = 100, batches of 16 and a
            // decreasing outer step beta (k+1)^-1/2 that averages out the batch noise; on `quadratic` (64 + 64 samples)
            // they reach distanceToSolution <= 1e-2 in about 300-500 iterations (StocBioTest)
            HypergradOptions h = HypergradOptions.read(p, o, 10);
            double decay = o.getDouble("outerDecay", 0.5, "outer step schedule beta_k = outerStep (k+1)^-outerDecay (0: constant)");
            if (!(decay >= 0)) throw new IllegalArgumentException("option outerDecay=" + decay + " must be >= 0");
            int outerBatch = o.getInt("outerBatch", 16, 1, "outer samples per batch (D_F)");
            int innerBatch = o.getInt("innerBatch", 16, 1, "inner samples per batch (S_t of the inner steps, D_G)");
            int hessianBatch = o.getInt("hessianBatch", 16, 1, "inner samples per Hessian batch B_j of the Neumann series");
            int q = o.getInt("neumannSteps", 100, 0, "Neumann terms Q (one Hessian-vector product each, fresh batch each)");
            double eta = o.getPositive("neumannStep", h.innerStep(), "Neumann step eta (<= 1/L; default the inner step)");
            double damping = Damping.read(p, o);
            UpdateRule rule = h.outerRule();
            rule = rule.withSchedule(Schedule.power(rule.schedule().at(0), decay));
            return new HypergradientDescent("stocbio",
                    new StocBioEstimator(h.innerSteps(), h.innerStep(), outerBatch, innerBatch, hessianBatch, q, eta, damping), rule, seed);
        });
            Catalog.add(m, "hoag", "HOAG: inexact implicit hypergradient with decreasing tolerances and adaptive step (Pedregosa 2016)", (p, o, seed) -> {
            double innerStep = HypergradOptions.innerStep(p, o);
            int maxInner = o.getInt("maxInnerSteps", 10000, 0, "cap on inner gradient steps per outer iteration");
            int maxLinear = o.getInt("maxLinearSteps", 10000, 0, "cap on CG steps per outer iteration");
            String decrease = o.choice("toleranceDecrease", "exponential", "how the tolerance eps_k decreases", ToleranceSchedule.KINDS);
            // code default eps_0 = 0.01 (fabianp/hoag); the paper's constant is UNVERIFIED (ALGORITHMS.md §5)
            double eps0 = o.getPositive("initialTolerance", 0.01, "eps_0, relative to the initial inner gradient and residual norms");
            double factor = o.getPositive("decreaseFactor", 0.9, "eps_{k+1} = factor eps_k for the exponential decrease");
            // fixed when innerSolver=gd: the published HOAG numbers (README) are of fixed steps; adaptive took 4x fewer inner
            // gradients (158258 against 639463, the same outer value) on a covtype-like file
            boolean adaptive = o.choice("innerStepRule", "fixed", "inner gradient steps of (i): fixed (innerStep every step) or adaptive "
                    + "(secant step of Malitsky & Mishchenko 2020 from innerStep on, restarted every outer step)", "fixed", "adaptive").equals("adaptive");
            // L-BFGS (as fabianp/hoag, scipy's) where the inner problem is convex: as good or better at equal time on every linear
            // task (README, session 24); gradient steps on networks and non-convex regularizers, where L-BFGS diverged or ended worse
            String solverDefault = p.innerNonConvex() || o.has("innerStepRule") ? "gd" : "lbfgs";
            boolean lbfgs = o.choice("innerSolver", solverDefault, "the solver of (i): gd (gradient steps, innerStepRule) or lbfgs (L-BFGS, memory "
                    + InnerLbfgs.MEMORY + ", as fabianp/hoag; maxInnerSteps caps its iterations); default lbfgs, gd when the inner problem is "
                    + "not convex (a network, a non-convex regularizer) or innerStepRule is given", "gd", "lbfgs").equals("lbfgs");
            if (lbfgs && o.has("innerStepRule")) throw new IllegalArgumentException("innerStepRule applies to innerSolver=gd only (L-BFGS chooses its own steps)");
            return new HypergradientDescent("hoag", new HoagEstimator(innerStep, maxInner, maxLinear, new ToleranceSchedule(decrease, eps0, factor), adaptive, lbfgs),
                    new HoagStep(), seed);
        });
    }
}
