package org.bilevel4j.solver.hypergrad;

/**
 * HOAG's summable tolerance sequence ε_k (ALGORITHMS.md §5 "Approx / HOAG", as in fabianp/hoag): with
 * k = 0, 1, ... the outer iteration, quadratic ε_k = ε₀ / max(1, k)², cubic ε₀ / max(1, k)³, exponential
 * ε_k = ε₀ · factor^k (ε_{k+1} = 0.9 ε_k by default); never below 1e-12 (the code's "exact" floor).
 * ε is relative: HOAG multiplies it by the initial inner gradient norm and the initial residual norm.
 */
public record ToleranceSchedule(String decrease, double initial, double factor) {
    public static final String[] KINDS = {"quadratic", "cubic", "exponential"};
    static final double FLOOR = 1e-12;

    public ToleranceSchedule {
        if (!java.util.Arrays.asList(KINDS).contains(decrease))
            throw new IllegalArgumentException("tolerance decrease '" + decrease + "' is not one of " + String.join(", ", KINDS));
        if (!(initial > 0)) throw new IllegalArgumentException("initial tolerance must be > 0, got " + initial);
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("exponential decrease factor must be in (0, 1), got " + factor);
    }

    public double at(long k) {
        double m = Math.max(1, k);
        double e = switch (decrease) {
            case "quadratic" -> initial / (m * m);
            case "cubic" -> initial / (m * m * m);
            default -> initial * Math.pow(factor, k);
        };
        return Math.max(e, FLOOR);
    }
}
