package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * SOBA's three directions at (x, y, v) on one batch view (Dagréou et al. 2022, Section 2; docs/STOCHASTIC.md §0):
 * <pre>
 *   D_y = ∇_y G(x, y)
 *   D_v = ∇²_yy G(x, y) v + ∇_y F(x, y)         (v → v*(x) = −[∇²_yy G]⁻¹ ∇_y F)
 *   D_x = ∇²_xy G(x, y) v + ∇_x F(x, y)         (→ ∇Φ(x) at y = y*(x), v = v*(x))
 * </pre>
 * kept as their five parts, since SABA's tables (§2) hold each part separately. The inner batch enters
 * gy, hv, cv; the outer batch fy, fx.
 */
record Directions(Vec gy, Vec hv, Vec cv, Vec fy, Vec fx) {

    /** The parts on inner batch view {@code g} and outer batch view {@code f} (the same view for full batches). */
    static Directions at(BilevelProblem g, BilevelProblem f, Vec x, Vec y, Vec v) {
        return new Directions(g.innerGradY(x, y), g.innerHvpYY(x, y, v), g.innerCrossXY(x, y, v), f.outerGradY(x, y), f.outerGradX(x, y));
    }

    Vec dy() { return gy; }

    Vec dv() { return hv.copy().axpy(1, fy); }

    Vec dx() { return cv.copy().axpy(1, fx); }
}
