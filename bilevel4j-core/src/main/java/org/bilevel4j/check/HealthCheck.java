package org.bilevel4j.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.linalg.Lanczos;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;

/**
 * The bilevel health check at a point (x, y) with, optionally, a solver's hypergradient ĝ and linear-system
 * solution v there:
 * <ul>
 *   <li>the inner gradient norm ||∇_y G(x, y)|| and the extreme eigenvalues of ∇²_yy G(x, y) (Lanczos);</li>
 *   <li>a reference hypergradient g = ∇_x F − ∇²_xy G v*, with y*(x) solved to 1e-10 ({@link AccurateInner}) and
 *       ∇²_yy G v* = ∇_y F by CG to 1e-12, compared with ĝ, with the exact one when the problem knows it, and with
 *       central finite differences of Φ(x) = F(x, y*(x)) along random unit directions;</li>
 *   <li>the linear-system residual ||∇²_yy G v − ∇_y F|| / ||∇_y F|| of the solver's v;</li>
 *   <li>warnings: a near-singular inner Hessian (the minimizer looks non-unique), inconsistent options (a Neumann
 *       or fixed-point step above 1/L, an inner step above 2/L, a truncation longer than the unroll), a solver
 *       hypergradient off by more than 10%, finite differences that disagree with the implicit hypergradient.</li>
 * </ul>
 * Numbers that cannot be computed (a problem without Hessian-vector products, y*(x) not reached) are NaN, and a
 * note says why. The check calls the problem it is given; pass a second instance to keep a run's model caches.
 */
public final class HealthCheck {
    private HealthCheck() {}

    /** One audit: where, the numbers (NaN when unknown) and the warnings. */
    public record Audit(long iteration, Map<String, Double> numbers, List<String> warnings) {}

    /** Every audit of a check or a run, and the distinct warnings of all of them. */
    public record Report(String problem, String solver, List<Audit> audits, List<String> warnings) {
        static Report of(String problem, String solver, List<Audit> audits) {
            LinkedHashSet<String> w = new LinkedHashSet<>();
            for (Audit a : audits) w.addAll(a.warnings());
            return new Report(problem, solver, List.copyOf(audits), List.copyOf(w));
        }
    }

    /** Random directions for the finite differences. */
    static final int DIRECTIONS = 3;
    /** Lanczos steps (at most dim y). */
    static final int LANCZOS_STEPS = 40;
    /** λ_min ≤ this × λ_max: the inner Hessian is treated as singular. */
    static final double SINGULAR = 1e-6;

    /**
     * The audit at (x, y). {@code g} (the solver's hypergradient at x) and {@code v} (its linear-system solution)
     * may be null; {@code options} (may be null) are the run's, read for the consistency warnings; {@code seed}
     * seeds the directions (a stream of its own). Nothing given is modified.
     */
    public static Audit audit(BilevelProblem p, Vec xGiven, Vec yGiven, Vec g, Vec v, Options options, long seed, long iteration) {
        Map<String, Double> n = new LinkedHashMap<>();
        List<String> warn = new ArrayList<>();
        Vec x = xGiven.copy(), y = yGiven.copy();
        n.put("innerGradNorm", p.innerGradY(x, y).norm());
        boolean hvp = true;
        double lmin = Double.NaN, lmax = Double.NaN;
        try {
            Vec start = randomUnit(new Rng(seed ^ 0x5eedL), p.dimY());
            double[] e = Lanczos.extremeEigenvalues(u -> p.innerHvpYY(x, y, u), start, Math.min(LANCZOS_STEPS, p.dimY()));
            lmin = e[0];
            lmax = e[1];
        } catch (UnsupportedOperationException e) {
            hvp = false;
            warn.add("note: " + p.name() + " has no Hessian-vector product; the eigenvalues, the implicit reference and the"
                    + " finite-difference check are skipped");
        }
        n.put("eigMin", lmin);
        n.put("eigMax", lmax);
        if (hvp && lmin < -SINGULAR * Math.abs(lmax))
            warn.add(String.format(java.util.Locale.ROOT, "the inner Hessian has a negative eigenvalue (smallest %.3g, largest %.3g):"
                    + " y is not near an inner minimizer, or the inner problem is not convex there; implicit hypergradients assume a"
                    + " positive definite Hessian: run more inner steps, use aid-cg with --set damping, or a Hessian-free method"
                    + " (bvfim, minimaxopt, f2sa, bome)", lmin, lmax));
        else if (hvp && !(lmin > SINGULAR * Math.abs(lmax)))
            warn.add(String.format(java.util.Locale.ROOT, "the inner Hessian is near-singular (smallest eigenvalue %.3g, largest %.3g):"
                    + " the inner minimizer looks non-unique; use aid-cg with --set damping=%.2g, or a Hessian-free method"
                    + " (bvfim, minimaxopt, f2sa, bome)", lmin, lmax, Math.max(1e-3 * Math.abs(lmax), 1e-8)));
        if (options != null && hvp) optionWarnings(options, lmax, warn);
        if (hvp && v != null) {
            Vec b = p.outerGradY(x, y);
            n.put("linearResidual", p.innerHvpYY(x, y, v).axpy(-1, b).norm() / Math.max(b.norm(), 1e-300));
        }
        Vec ref = null;
        if (hvp) {
            AccurateInner star = AccurateInner.solve(p, x, y);
            n.put("innerSolutionGradNorm", star.gradNorm());
            if (!star.usable()) {
                warn.add(String.format(java.util.Locale.ROOT, "note: y*(x) could not be computed accurately (inner gradient norm %.3g"
                        + " after Newton-CG); the implicit reference and finite differences are skipped", star.gradNorm()));
            } else {
                Vec ys = star.y();
                Vec b = p.outerGradY(x, ys);
                Vec vs = new ConjugateGradient(Math.max(200, 4 * p.dimY()), 1e-12 * b.norm()).solve(u -> p.innerHvpYY(x, ys, u), b, b.zerosLike());
                n.put("referenceResidual", p.innerHvpYY(x, ys, vs).axpy(-1, b).norm() / Math.max(b.norm(), 1e-300));
                ref = p.outerGradX(x, ys).axpy(-1, p.innerCrossXY(x, ys, vs));
                n.put("hypergradNorm", ref.norm());
                Vec exact = p.exactHypergradient(x);
                if (exact != null) n.put("referenceVsExact", Vec.distance(ref, exact) / Math.max(exact.norm(), 1e-300));
                if (star.accurate()) finiteDifferences(p, x, ys, ref, g, seed, n, warn);
                else warn.add(String.format(java.util.Locale.ROOT, "note: y*(x) reached an inner gradient norm of %.3g only (float"
                        + " precision?): the implicit reference is kept, the finite-difference check is skipped", star.gradNorm()));
            }
        }
        if (g != null && ref != null) {
            double err = Vec.distance(g, ref) / Math.max(ref.norm(), 1e-300);
            n.put("hypergradError", err);
            n.put("hypergradErrorAbs", Vec.distance(g, ref));
            if (err > 0.1)
                warn.add(String.format(java.util.Locale.ROOT, "the solver's hypergradient is %.0f%% off the implicit one; give it more"
                        + " inner / linear-system steps (innerSteps, linearSteps)", 100 * err));
        }
        return new Audit(iteration, n, warn);
    }

    /** Central differences of Φ along unit directions u, against ⟨ref, u⟩ and ⟨g, u⟩, relative to ||ref||. */
    private static void finiteDifferences(BilevelProblem p, Vec x, Vec ys, Vec ref, Vec g, long seed, Map<String, Double> n, List<String> warn) {
        Rng rng = new Rng(seed ^ 0xfd5eedL);
        double h = 1e-5 * Math.max(1, x.norm()), worstRef = 0, worstSolver = 0;
        for (int i = 0; i < DIRECTIONS; i++) {
            Vec u = randomUnit(rng, p.dimX());
            Vec xp = x.copy().axpy(h, u), xm = x.copy().axpy(-h, u);
            AccurateInner yp = AccurateInner.solve(p, xp, ys), ym = AccurateInner.solve(p, xm, ys);
            if (!yp.accurate() || !ym.accurate()) {
                warn.add("note: y*(x ± h u) could not be computed accurately; the finite-difference check is skipped");
                return;
            }
            double fd = (p.outerValue(xp, yp.y()) - p.outerValue(xm, ym.y())) / (2 * h);
            double scale = Math.max(ref.norm(), 1e-300);
            worstRef = Math.max(worstRef, Math.abs(fd - ref.dot(u)) / scale);
            if (g != null) worstSolver = Math.max(worstSolver, Math.abs(fd - g.dot(u)) / scale);
        }
        n.put("finiteDifferenceVsImplicit", worstRef);
        if (g != null) n.put("finiteDifferenceVsSolver", worstSolver);
        if (worstRef > 1e-3)
            warn.add(String.format(java.util.Locale.ROOT, "finite differences of Phi disagree with the implicit hypergradient (%.2g"
                    + " relative): the problem's derivatives (cross or Hessian-vector products) look inconsistent", worstRef));
    }

    /** Steps that the largest inner eigenvalue L makes unstable, and a truncation longer than the unroll. */
    private static void optionWarnings(Options o, double lmax, List<String> warn) {
        for (String key : new String[] {"neumannStep", "fixedPointStep"}) {
            double eta = number(o, key);
            if (eta > (1 + 1e-9) / lmax)
                warn.add(String.format(java.util.Locale.ROOT, "option %s=%.3g is above 1/L = %.3g (L = %.3g, the largest inner Hessian"
                        + " eigenvalue): the series does not converge; set %s <= %.3g", key, eta, 1 / lmax, lmax, key, 1 / lmax));
        }
        double inner = number(o, "innerStep");
        if (inner > (2 + 1e-9) / lmax)
            warn.add(String.format(java.util.Locale.ROOT, "option innerStep=%.3g is above 2/L = %.3g: inner gradient descent diverges;"
                    + " set innerStep <= %.3g", inner, 2 / lmax, 1 / lmax));
        double k = number(o, "truncation"), d = number(o, "innerSteps");
        if (k > d)
            warn.add(String.format(java.util.Locale.ROOT, "option truncation=%.0f is longer than the unroll innerSteps=%.0f: at most"
                    + " innerSteps steps can be differentiated; set truncation <= %.0f", k, d, d));
    }

    private static double number(Options o, String key) {
        String v = o.value(key);
        if (v == null) return Double.NaN;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static Vec randomUnit(Rng rng, int dim) {
        double[] a = new double[dim];
        for (int i = 0; i < dim; i++) a[i] = rng.nextGaussian();
        Vec u = Vec.of(a);
        return u.scale(1 / u.norm());
    }

    /**
     * Runs {@code steps} outer iterations of {@code solver} on {@code problem} (the run as {@code solve} would do it)
     * and audits the last one; with {@code steps} = 0, or a null solver, audits (x0, y0) without solver numbers.
     * The audit calls {@code twin} when given (a second instance of the problem), else the problem itself.
     */
    public static Report check(Solver<?> solver, BilevelProblem problem, BilevelProblem twin, Vec x0, Vec y0, int steps, Options options,
                               long seed) {
        if (solver == null || steps == 0) {
            Audit a = audit(twin != null ? twin : problem, x0, y0, null, null, options, seed, 0);
            return Report.of(problem.name(), solver == null ? null : solver.name(), List.of(a));
        }
        HealthAudit audit = new HealthAudit(steps, twin, options, seed);
        try {
            RunResult r = Runner.run(solver, problem, x0, y0, StopRule.iterations(steps), List.of(audit));
            return audit.report(r.problem(), r.solver());
        } catch (DivergedException e) { // the check's own steps diverged: audit the last good iterate, and say so
            RunResult p = e.partial();
            Audit a = audit(twin != null ? twin : problem, p.x(), p.y(), null, null, options, seed, p.iterations());
            List<String> w = new ArrayList<>(a.warnings());
            w.add(0, "the solver diverged during the check: " + p.message() + "; the audit is of the last good iterate");
            return Report.of(problem.name(), solver.name(), List.of(new Audit(a.iteration(), a.numbers(), w)));
        }
    }
}
