package org.bilevel4j.data;

import java.util.random.RandomGenerator;

/**
 * The random distortions of one {@code glyphs} sample, in output pixels (28-pixel scale): rotation (radians),
 * overall scale, aspect ratio (x scale / y scale), horizontal shear, translation, stroke change (pixels added to
 * each side of every stroke; negative thins) and elastic RMS displacement.
 */
record GlyphDistortion(double rotation, double scale, double aspect, double shear, double tx, double ty, double stroke, double elastic) {
    static final GlyphDistortion NONE = new GlyphDistortion(0, 1, 1, 0, 0, 0, 0, 0);

    /** Draws each parameter uniformly (the aspect log-uniformly) from fixed ranges, in this order. */
    static GlyphDistortion draw(RandomGenerator rng) {
        double rotation = Math.toRadians(uniform(rng, -15, 15));
        double scale = uniform(rng, 0.8, 1.05);
        double aspect = Math.exp(uniform(rng, -0.15, 0.15));
        double shear = uniform(rng, -0.25, 0.25);
        double tx = uniform(rng, -2, 2), ty = uniform(rng, -2, 2);
        double stroke = uniform(rng, -0.5, 1.0);
        double elastic = uniform(rng, 0.3, 1.2);
        return new GlyphDistortion(rotation, scale, aspect, shear, tx, ty, stroke, elastic);
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) { return lo + (hi - lo) * rng.nextDouble(); }
}
