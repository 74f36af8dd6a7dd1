package org.bilevel4j.vec;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A vector with the operations the algorithms need (DESIGN.md layer 1). Algorithms never index into a
 * vector; problems that own the data layout read the backing array through {@link #array(Vec)}.
 * Mutating operations change {@code this} and return it so that steps chain: {@code y.copy().axpy(-s, g)}.
 */
public interface Vec {
    int dim();

    /** A new vector with the same values. */
    Vec copy();

    /** A new zero vector of the same dimension and kind. */
    Vec zerosLike();

    /** this := other. */
    Vec assign(Vec other);

    /** this := this + a x. */
    Vec axpy(double a, Vec x);

    /** this := a this. */
    Vec scale(double a);

    /** this := a this + b x. */
    Vec axpby(double a, double b, Vec x);

    double dot(Vec x);

    default double norm() { return Math.sqrt(dot(this)); }

    default double normSquared() { return dot(this); }

    Vec fill(double v);

    /** this_i := f(this_i). */
    Vec map(DoubleUnaryOperator f);

    /** this_i := f(this_i, other_i). */
    Vec zip(Vec other, DoubleBinaryOperator f);

    /** True when every entry is neither NaN nor infinite. */
    boolean isFinite();

    /** A copy of the values. */
    double[] toArray();

    static Vec zeros(int n) { return new DenseVec(new double[n]); }

    static Vec constant(int n, double v) { return new DenseVec(new double[n]).fill(v); }

    /** Wraps the array without copying. */
    static Vec of(double... values) { return new DenseVec(values); }

    /** ||a - b||. */
    static double distance(Vec a, Vec b) { return a.copy().axpy(-1, b).norm(); }

    /** The backing array of a dense vector (shared, not copied), for problems that loop over primitives. */
    static double[] array(Vec v) {
        if (v instanceof DenseVec d) return d.data;
        throw new IllegalArgumentException("this problem needs dense double[] vectors, got " + v.getClass().getSimpleName());
    }

    /** Throws {@link IllegalArgumentException} naming the quantity when dimensions differ. */
    static void requireDim(String what, Vec v, int expected) {
        if (v.dim() != expected)
            throw new IllegalArgumentException(what + " has dimension " + v.dim() + " but the problem needs " + expected);
    }
}
