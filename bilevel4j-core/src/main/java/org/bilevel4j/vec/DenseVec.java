package org.bilevel4j.vec;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** The default vector: a plain double[] with loops the JIT vectorizes. */
public final class DenseVec implements Vec {
    final double[] data;

    public DenseVec(double[] data) { this.data = data; }

    @Override public int dim() { return data.length; }

    @Override public Vec copy() { return new DenseVec(data.clone()); }

    @Override public Vec zerosLike() { return new DenseVec(new double[data.length]); }

    private static double[] same(DenseVec self, Vec other) {
        double[] o = Vec.array(other);
        if (o.length != self.data.length)
            throw new IllegalArgumentException("dimension mismatch: " + self.data.length + " vs " + o.length);
        return o;
    }

    @Override public Vec assign(Vec other) {
        System.arraycopy(same(this, other), 0, data, 0, data.length);
        return this;
    }

    @Override public Vec axpy(double a, Vec x) {
        double[] o = same(this, x);
        for (int i = 0; i < data.length; i++) data[i] += a * o[i];
        return this;
    }

    @Override public Vec scale(double a) {
        for (int i = 0; i < data.length; i++) data[i] *= a;
        return this;
    }

    @Override public Vec axpby(double a, double b, Vec x) {
        double[] o = same(this, x);
        for (int i = 0; i < data.length; i++) data[i] = a * data[i] + b * o[i];
        return this;
    }

    @Override public double dot(Vec x) {
        double[] o = same(this, x);
        double s = 0;
        for (int i = 0; i < data.length; i++) s += data[i] * o[i];
        return s;
    }

    @Override public Vec fill(double v) {
        Arrays.fill(data, v);
        return this;
    }

    @Override public Vec map(DoubleUnaryOperator f) {
        for (int i = 0; i < data.length; i++) data[i] = f.applyAsDouble(data[i]);
        return this;
    }

    @Override public Vec zip(Vec other, DoubleBinaryOperator f) {
        double[] o = same(this, other);
        for (int i = 0; i < data.length; i++) data[i] = f.applyAsDouble(data[i], o[i]);
        return this;
    }

    @Override public boolean isFinite() {
        for (double v : data) if (!Double.isFinite(v)) return false;
        return true;
    }

    @Override public double[] toArray() { return data.clone(); }

    @Override public String toString() {
        if (data.length <= 8) return Arrays.toString(data);
        return "Vec[dim=" + data.length + ", norm=" + norm() + "]";
    }
}
