package org.bilevel4j.model;

/**
 * Float copies of the last two parameter vectors a block of a float32 kernel was given (in one sweep w, and for an HVP the
 * direction too), each made once and read by the kernel's loops in the kernel's own layout T. The arrays are kept when the
 * block is reused for another sweep, so that passes allocate nothing new (README, "The slow mode caught").
 */
final class FloatCopies<T> {
    /** Writes the float copy of w into {@code into} (null: none made yet; allocate it) and returns it. */
    interface Layout<T> {
        T copy(double[] w, T into);
    }

    private final Layout<T> layout;
    private double[] w1, w2;
    private T f1, f2;

    FloatCopies(Layout<T> layout) { this.layout = layout; }

    /** The copy of w: kept if w is one of the last two vectors seen (by identity), else made in the older copy's array. */
    T of(double[] w) {
        if (w == w1) return f1;
        if (w == w2) return f2;
        T f = layout.copy(w, f2);
        w2 = w1;
        f2 = f1;
        w1 = w;
        f1 = f;
        return f;
    }

    /** Whether the copy of w is kept (w is one of the last two vectors seen). */
    boolean has(double[] w) { return w == w1 || w == w2; }

    /** Forgets which vectors the copies hold (a new sweep, whose vectors may be the same arrays with new values). */
    void forget() { w1 = w2 = null; }
}
