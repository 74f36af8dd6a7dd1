package org.bilevel4j.solver.scale;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The scales that step defaults need, taken from the problem when it knows them (the fast path) and estimated
 * otherwise, each on first use and then kept:
 * <ul>
 *   <li>{@code innerLipschitz} L_g of ∇_y G in y: power iteration on ∇²_yy G(x0, y0) (HVPs, or secants of ∇_y G; at the
 *       problem's {@code curvatureX()} instead of x0 when it names one);</li>
 *   <li>{@code outerLipschitz} L_f of ∇_y F in y: the same on ∇²_yy F;</li>
 *   <li>{@code innerStrongConvexity} μ_g: L_g minus power iteration on L_g I − ∇²_yy G, within [L_g/1000, L_g];</li>
 *   <li>{@code hypergradLipschitz} L_Φ of ∇Φ: power iteration on central differences of a tightly converged implicit
 *       hypergradient ({@link ImplicitHypergradient}) around x0;</li>
 *   <li>{@code innerCrossNorm} L_× = ‖∇²_xy G‖: power iteration on ∇²_xy G ∇²_yx G (SPNBO's λ step).</li>
 * </ul>
 * Estimates are Lipschitz constants, so every step derived from them scales with the loss: G → c·G multiplies L_g
 * by c and leaves L_Φ unchanged (y*(x) does not move), F → c·F multiplies L_f and L_Φ by c. The oracle calls go
 * through the problem given, so a {@code CountingProblem} counts them as any other call.
 */
public final class Scales {
    public static final String INNER = "innerLipschitz", INNER_CONVEXITY = "innerStrongConvexity", OUTER = "outerLipschitz", HYPERGRAD = "hypergradLipschitz", OUTER_GRAD = "outerGradNorm",
            CROSS = "innerCrossNorm";
    private static final int POWER_STEPS = 20;
    private static final long SEED = 0x5ca1e5L;

    private final BilevelProblem p;
    private final Vec x0, y0;
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    public Scales(BilevelProblem p, Vec x0, Vec y0) {
        this.p = p;
        this.x0 = x0.copy();
        this.y0 = y0.copy();
    }

    /** The scales of a problem built by the catalog ({@link WithScales}), or fresh ones at the problem's own start. */
    public static Scales of(BilevelProblem p) {
        return p instanceof WithScales w ? w.scales() : new Scales(p, p.initialX(), p.initialY());
    }

    /** L_g, the Lipschitz constant of ∇_y G in y (when estimated: at (x0, y0), or at the problem's {@code curvatureX()} and y0). */
    public double innerLipschitz() {
        Vec x = p.curvatureX() != null ? p.curvatureX() : x0;
        return get(INNER, p.innerLipschitz(), () -> PowerIteration.largest(v -> SecondOrder.innerHvp(p, x, y0, v), p.dimY(), POWER_STEPS, SEED));
    }

    /** Largest condition number an estimate of μ_g may imply: μ_g ≥ L_g / MAX_CONDITION (a flat direction is not infinite κ). */
    public static final double MAX_CONDITION = 1e3;

    /**
     * μ_g, the smallest eigenvalue of ∇²_yy G (at the start when estimated): L_g minus the largest eigenvalue of
     * L_g I − ∇²_yy G by power iteration, kept within [L_g / MAX_CONDITION, L_g] (a non-convex or flat inner problem gets
     * the floor).
     */
    public double innerStrongConvexity() {
        return get(INNER_CONVEXITY, p.innerStrongConvexity(), () -> {
            double l = innerLipschitz();
            double top = PowerIteration.largest(v -> v.copy().scale(l).axpy(-1, SecondOrder.innerHvp(p, x0, y0, v)), p.dimY(), 2 * POWER_STEPS, SEED);
            return Math.min(l, Math.max(l - top, l / MAX_CONDITION));
        });
    }

    /** L_f, the Lipschitz constant of ∇_y F in y (at the start; never given by a problem). */
    public double outerLipschitz() {
        return get(OUTER, Double.NaN, () -> PowerIteration.largest(v -> SecondOrder.outerHvp(p, x0, y0, v), p.dimY(), POWER_STEPS, SEED));
    }

    /** L_Φ, the Lipschitz constant of the hypergradient (around the start when estimated). */
    public double hypergradLipschitz() {
        return get(HYPERGRAD, p.hypergradLipschitz(), this::estimateHypergradLipschitz);
    }

    /**
     * L_×, the largest singular value of ∇²_xy G (at the start; never given by a problem): the square root of power
     * iteration on u ↦ ∇²_xy G ∇²_yx G u in x-space. G → c·G multiplies it by c.
     */
    public double innerCrossNorm() {
        return get(CROSS, Double.NaN, () -> Math.sqrt(PowerIteration.largest(
                u -> SecondOrder.innerCross(p, x0, y0, SecondOrder.innerCrossT(p, x0, y0, u)), p.dimX(), POWER_STEPS, SEED)));
    }

    /** ‖(∇_x F, ∇_y F)‖ at the start: the size of an outer gradient, for tolerances on gradients of F. */
    public double outerGradNorm() {
        return get(OUTER_GRAD, Double.NaN, () -> Math.hypot(p.outerGradX(x0, y0).norm(), p.outerGradY(x0, y0).norm()));
    }

    /** The scales used so far, by name. */
    public Map<String, Double> values() { return Map.copyOf(values); }

    /** Where each scale used so far came from: "problem" or "estimated". */
    public Map<String, String> sources() { return Map.copyOf(sources); }

    /** "L = 12.3 (estimated)" for a scale already used, for option listings. */
    public String describe(String name) {
        Double v = values.get(name);
        return v == null ? name + " unknown" : name + " " + String.format(java.util.Locale.ROOT, "%.4g", v) + " (" + sources.get(name) + ")";
    }

    /**
     * Where an estimate still running after {@link #reportMillis}, and every as long again, says so (standard error; tests
     * swap it): on news20-sized data L_Φ's estimate takes about half a minute before the first iteration.
     */
    static java.util.function.Consumer<String> progress = System.err::println;
    static long reportMillis = 10_000;

    /** The estimate, with a line to {@link #progress} every {@link #reportMillis} while it runs. */
    private static double reported(String name, java.util.function.DoubleSupplier estimate) {
        long t0 = System.nanoTime();
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scale estimate progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> progress.accept(String.format(java.util.Locale.ROOT,
                "estimating %s for the default steps: %.0f s so far (give the step options it sets to skip it; `bilevel list SOLVER --problem P` shows them)",
                name, (System.nanoTime() - t0) / 1e9)), reportMillis, reportMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return estimate.getAsDouble();
        } finally {
            timer.shutdownNow();
        }
    }

    private double get(String name, double given, java.util.function.DoubleSupplier estimate) {
        Double known = values.get(name);
        if (known != null) return known;
        double v = given;
        String source = "problem";
        if (!(Double.isFinite(v) && v > 0)) {
            v = reported(name, estimate);
            source = "estimated";
            // nothing measurable (a zero or undefined curvature): a unit scale, so that steps stay finite
            if (!(Double.isFinite(v) && v > 0)) {
                v = 1;
                source = "fallback (estimate was not positive)";
            }
        }
        values.put(name, v);
        sources.put(name, source);
        return v;
    }

    private double estimateHypergradLipschitz() {
        ImplicitHypergradient h = new ImplicitHypergradient(p, y0);
        double tol = 1e-10 * (1 + h.innerGradNorm(x0));
        Vec base = h.at(x0, tol);
        Vec yStar = h.y.copy();
        double eps = 1e-4 * (1 + x0.norm());
        return PowerIteration.largest(u -> {
            h.y = yStar.copy();
            Vec plus = h.at(x0.copy().axpy(eps, u), tol);
            h.y = yStar.copy();
            Vec minus = h.at(x0.copy().axpy(-eps, u), tol);
            return plus.axpy(-1, minus).scale(1 / (2 * eps));
        }, p.dimX(), POWER_STEPS / 2, SEED);
    }
}
