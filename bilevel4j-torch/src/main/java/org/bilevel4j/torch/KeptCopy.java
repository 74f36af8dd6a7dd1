package org.bilevel4j.torch;

import org.bilevel4j.vec.Vec;

/** Copies of the points that {@link Memo} and {@link RetainedGraph} compare calls against, kept in reused arrays. */
final class KeptCopy {
    private KeptCopy() {}

    /**
     * v's values in {@code reuse} when it has v's length, else in a new array; returns the array holding them. (A fresh
     * clone per oracle call was 89 MB of new Java heap per call for ResNet-18, each page first touched at a fault.)
     */
    static double[] of(double[] reuse, Vec v) {
        double[] a = Vec.array(v);
        double[] out = reuse != null && reuse.length == a.length ? reuse : new double[a.length];
        System.arraycopy(a, 0, out, 0, a.length);
        return out;
    }
}
