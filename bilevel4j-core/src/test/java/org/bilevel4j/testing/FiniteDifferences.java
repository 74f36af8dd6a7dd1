package org.bilevel4j.testing;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.bilevel4j.vec.Vec;

/** Central finite differences for tests of exact derivatives. */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /** ∇f(at) by central differences with step h. */
    public static Vec gradient(ToDoubleFunction<Vec> f, Vec at, double h) {
        double[] a = at.toArray(), g = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double[] plus = a.clone(), minus = a.clone();
            plus[i] += h;
            minus[i] -= h;
            g[i] = (f.applyAsDouble(Vec.of(plus)) - f.applyAsDouble(Vec.of(minus))) / (2 * h);
        }
        return Vec.of(g);
    }

    /** The directional derivative of a vector function along dir: (F(at + h dir) − F(at − h dir)) / 2h. */
    public static Vec directional(Function<Vec, Vec> f, Vec at, Vec dir, double h) {
        Vec plus = f.apply(at.copy().axpy(h, dir)), minus = f.apply(at.copy().axpy(-h, dir));
        return plus.axpy(-1, minus).scale(1 / (2 * h));
    }

    /** ||a − b|| / max(||b||, tiny). */
    public static double relativeError(Vec a, Vec b) {
        return Vec.distance(a, b) / Math.max(b.norm(), 1e-300);
    }
}
