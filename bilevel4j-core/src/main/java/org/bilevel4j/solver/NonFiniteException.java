package org.bilevel4j.solver;

import org.bilevel4j.vec.Vec;

/** Thrown inside a step when a quantity became NaN or infinite; {@link Runner} adds the iteration. */
public final class NonFiniteException extends RuntimeException {
    private final String quantity;

    public NonFiniteException(String quantity) {
        super(quantity + " is NaN or infinite");
        this.quantity = quantity;
    }

    public String quantity() { return quantity; }

    /** Returns v, or throws naming the quantity when v has a NaN or infinite entry. */
    public static Vec check(String quantity, Vec v) {
        if (!v.isFinite()) throw new NonFiniteException(quantity);
        return v;
    }

    public static double check(String quantity, double d) {
        if (!Double.isFinite(d)) throw new NonFiniteException(quantity);
        return d;
    }
}
