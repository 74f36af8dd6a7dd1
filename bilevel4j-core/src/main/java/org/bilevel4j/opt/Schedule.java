package org.bilevel4j.opt;

/** A step size as a function of the iteration k = 0, 1, ... (DESIGN.md layer 3). */
@FunctionalInterface
public interface Schedule {
    double at(long k);

    static Schedule constant(double value) { return k -> value; }

    /** value · (k+1)^-p. */
    static Schedule power(double value, double p) { return k -> value * Math.pow(k + 1, -p); }

    /** min + ½(max − min)(1 + cos(π k / total)), held at min after {@code total} steps (SGDR, no restarts). */
    static Schedule cosine(double max, double min, long total) {
        if (total <= 0) throw new IllegalArgumentException("cosine schedule needs a positive number of steps, got " + total);
        return k -> min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * Math.min(k, total) / total));
    }

    /** This schedule multiplied by a factor. */
    default Schedule times(double factor) { return k -> factor * at(k); }
}
