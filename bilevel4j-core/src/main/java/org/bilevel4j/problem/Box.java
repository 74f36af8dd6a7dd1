package org.bilevel4j.problem;

import org.bilevel4j.vec.Vec;

/** Box constraints lo <= x <= hi on the outer variable; projection is clipping. */
public record Box(Vec lo, Vec hi) {
    public static Box uniform(int dim, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("box needs lo <= hi, got [" + lo + ", " + hi + "]");
        return new Box(Vec.constant(dim, lo), Vec.constant(dim, hi));
    }

    /** x := Proj_box(x), in place. */
    public Vec project(Vec x) {
        x.zip(lo, Math::max);
        x.zip(hi, Math::min);
        return x;
    }

    public boolean contains(Vec x) {
        return Vec.distance(project(x.copy()), x) == 0;
    }
}
