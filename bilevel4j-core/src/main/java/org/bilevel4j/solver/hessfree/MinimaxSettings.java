package org.bilevel4j.solver.hessfree;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import java.util.Map;
import org.bilevel4j.solver.scale.Presets;
import org.bilevel4j.solver.scale.Scales;

/**
 * The constants MinimaxOPT's Algorithms 1 and 2 share (ALGORITHMS.md §2.4–2.6; defaults UNVERIFIED):
 * multiplier α_0, growth τ per stage of T iterations, the x step, and the y, z steps
 * η_y = c_y / (L_f + α L_g), η_z = c_z / (α L_g) unless fixed by {@code stepY}/{@code stepZ}, so that a growing α
 * keeps the y and z dynamics stable (§2.6 used c_y = c_z = 0.5 with L_f = L_g = 1).
 */
public record MinimaxSettings(double alpha0, double tau, long stageLength, double maxAlpha, double stepX, double cY, double cZ,
                              double fixedStepY, double fixedStepZ, double lipschitzOuter, double lipschitzInner) {
    public MinimaxSettings {
        if (!(alpha0 > 0)) throw new IllegalArgumentException("MinimaxOPT needs alpha0 > 0");
        if (!(tau >= 1)) throw new IllegalArgumentException("MinimaxOPT needs tau >= 1");
        if (stageLength < 1) throw new IllegalArgumentException("MinimaxOPT needs stageLength >= 1");
        if (!(stepX > 0 && cY > 0 && cZ > 0 && lipschitzOuter > 0 && lipschitzInner > 0))
            throw new IllegalArgumentException("MinimaxOPT step constants and Lipschitz constants must be > 0");
        if (fixedStepY < 0 || fixedStepZ < 0) throw new IllegalArgumentException("stepY, stepZ must be >= 0 (0 = scaled with alpha)");
    }

    /** Default cap of α in units of α_0 (reached after 6 doublings). */
    static final double MAX_ALPHA = 64;

    /** α_0 = ALPHA_SCALE L_f / μ_g for Algorithm 1 (measured: 0.3 to 1 all reach 1e-2 on the defaults matrix). */
    static final double ALPHA_SCALE = 0.5;

    /** η_y at multiplier α. */
    public double stepY(double alpha) { return fixedStepY > 0 ? fixedStepY : cY / (lipschitzOuter + alpha * lipschitzInner); }

    /** η_z at multiplier α. */
    public double stepZ(double alpha) { return fixedStepZ > 0 ? fixedStepZ : cZ / (alpha * lipschitzInner); }

    /** α of stage k: min(α_0 τ^k, maxAlpha). */
    public double alphaOfStage(long k) { return Math.min(alpha0 * Math.pow(tau, k), maxAlpha); }

    /**
     * Defaults from the problem's scales ({@link Scales}): L_g and L_f the Lipschitz constants of ∇_y G and ∇_y F in y,
     * α_0 = L_f / L_g (so that F and αG weigh alike whatever the units of the two losses), η_x = stepScale / L_Φ.
     * {@code stepScale} is 0.5 for plain GDA; momentum rules pass 0.5 (1 − β).
     */
    public static MinimaxSettings read(BilevelProblem p, Options o, long defaultStageLength, double stepScale) {
        return read(p, o, defaultStageLength, stepScale, false);
    }

    /**
     * As {@link #read(BilevelProblem, Options, long, double)}; with {@code convexityUnits} α_0 = ALPHA_SCALE L_f / μ_g
     * instead of L_f / L_g (Algorithm 1, which backs its x step off when g_x grows: {@link MinimaxOpt#GROWTH}).
     */
    public static MinimaxSettings read(BilevelProblem p, Options o, long defaultStageLength, double stepScale, boolean convexityUnits) {
        // the constants of §2.6 (alpha_0 = 1, stages of 1000, no cap) as a preset; the defaults are in the problem's units
        // (and its L_f = 1 in eta_y = c_y / (L_f + alpha L_g), so that the preset estimates no L_f)
        Presets.apply(o, Map.of("paper", Map.of("alpha0", "1", "stageLength", "1000", "maxAlpha", "1e12", "outerLipschitz", "1")));
        Scales sc = Scales.of(p);
        double lgOpt = o.getDerived("innerLipschitz", sc::innerLipschitz, () -> sc.describe(Scales.INNER),
                "L_g, Lipschitz constant of the inner gradient in y");
        double lfOpt = o.getDerived("outerLipschitz", sc::outerLipschitz, () -> sc.describe(Scales.OUTER),
                "L_f, Lipschitz constant of the outer gradient in y");
        // alpha_0 in units of L_f / mu_g: y_alpha - y* ~ grad_y F / (alpha mu_g), so alpha mu_g / L_f fixes the relative
        // bias; mu_g is estimated only when alpha0 is not given (a preset with every constant estimates nothing)
        java.util.function.DoubleSupplier ratio = convexityUnits ? () -> ALPHA_SCALE * lfOpt / sc.innerStrongConvexity() : () -> lfOpt / lgOpt;
        double alpha0 = o.getDerived("alpha0", ratio, () -> convexityUnits ? ALPHA_SCALE + " L_f / mu_g, " + sc.describe(Scales.INNER_CONVEXITY) : "L_f / L_g",
                "initial multiplier alpha_0");
        return new MinimaxSettings(
                alpha0,
                o.getDouble("tau", 2, "growth factor of alpha per stage (>= 1)"),
                o.getLong("stageLength", defaultStageLength, "iterations T per stage (alpha grows after each stage)"),
                o.getDerived("maxAlpha", () -> MAX_ALPHA * alpha0, () -> MAX_ALPHA + " alpha_0",
                        "cap on alpha (past it the coupling alpha grad2_xy G outruns the fixed x step on badly conditioned problems)"),
                o.getDerived("stepX", () -> stepScale / sc.hypergradLipschitz(), () -> stepScale + "/L_Phi, " + sc.describe(Scales.HYPERGRAD),
                        "x step eta_x"),
                o.getPositive("cY", stepScale, "y step constant: eta_y = cY / (L_f + alpha L_g)"),
                o.getPositive("cZ", stepScale, "z step constant: eta_z = cZ / (alpha L_g)"),
                o.getDouble("stepY", 0, "fixed y step (0: scaled with alpha as eta_y = cY / (L_f + alpha L_g))"),
                o.getDouble("stepZ", 0, "fixed z step (0: scaled with alpha as eta_z = cZ / (alpha L_g))"),
                lfOpt, lgOpt);
    }
}
