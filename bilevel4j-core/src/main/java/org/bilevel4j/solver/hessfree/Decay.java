package org.bilevel4j.solver.hessfree;

import org.bilevel4j.solver.Options;

/**
 * The common factor c_k that multiplies BVFIM's (μ, θ, σ) at outer iteration k (ALGORITHMS.md §1.7):
 * <pre>
 *   power      (k+1)^-p          (official `power2`: p = 1.1)
 *   log        1 / ln(1.1 (k+1)) (official `demo.py` default; starts ≈ 10.5)
 *   inverse    1 / (1 + r k)     (BOAT / bohml, r = reg_decay = 1)
 *   geometric  q^-(k+1)          (official `power1`: q = 1.1)
 *   none       1
 * </pre>
 */
@FunctionalInterface
public interface Decay {
    double at(long k);

    static Decay read(Options o, String defaultName) {
        String name = o.choice("decay", defaultName, "decay schedule c_k of (mu, theta, sigma) (ALGORITHMS.md §1.7)",
                "power", "log", "inverse", "geometric", "none");
        double p = o.getPositive("decayPower", 1.1, "exponent p of the power decay (k+1)^-p");
        double r = o.getPositive("decayRate", 1, "rate r of the inverse decay 1/(1 + r k)");
        double q = o.getDouble("decayFactor", 1.1, "factor q > 1 of the geometric decay q^-(k+1)");
        if (name.equals("geometric") && !(q > 1)) throw new IllegalArgumentException("option decayFactor=" + q + " must be > 1");
        return switch (name) {
            case "power" -> k -> Math.pow(k + 1, -p);
            case "log" -> k -> 1 / Math.log(1.1 * (k + 1));
            case "inverse" -> k -> 1 / (1 + r * k);
            case "geometric" -> k -> Math.pow(q, -(k + 1));
            default -> k -> 1;
        };
    }
}
