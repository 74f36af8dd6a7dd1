package org.bilevel4j.torch;

import java.util.Arrays;
import org.bilevel4j.vec.Vec;

/**
 * The by-product of the last fused oracle call (∇_x L beside ∇_y L, ∇²_xy L·v beside ∇²_yy L·v), kept with copies of
 * its arguments (in arrays reused from call to call) and handed out when the next call asks for it at the same
 * arguments: a solver that wants both pays one backward. Compared by value, so a changed argument never returns a
 * stale result.
 */
final class Memo {
    private double[] x, y, v;
    private double[] result;
    private boolean xSide;

    /** Keeps {@code result} (handed over, not copied), the x-space member of the pair when {@code xSide}. */
    void put(Vec x, Vec y, Vec v, double[] result, boolean xSide) {
        this.x = KeptCopy.of(this.x, x);
        this.y = KeptCopy.of(this.y, y);
        this.v = v == null ? null : KeptCopy.of(this.v, v);
        this.result = result;
        this.xSide = xSide;
    }

    /** The kept result when it is the {@code xSide} member and (x, y, v) equal the kept arguments, else null; consumed on a hit. */
    double[] take(Vec x, Vec y, Vec v, boolean xSide) {
        if (result == null || xSide != this.xSide || !Arrays.equals(this.x, Vec.array(x)) || !Arrays.equals(this.y, Vec.array(y))) return null;
        if ((v == null) != (this.v == null) || (v != null && !Arrays.equals(this.v, Vec.array(v)))) return null;
        double[] r = result;
        result = null;
        return r;
    }
}
