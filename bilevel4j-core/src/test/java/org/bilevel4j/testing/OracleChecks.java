package org.bilevel4j.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/** Checks every first- and second-order oracle of a problem against central finite differences at (x, y). */
public final class OracleChecks {
    private OracleChecks() {}

    public static void checkAll(BilevelProblem p, Vec x, Vec y, Vec u, Vec v, double h, double tol) {
        close("innerGradY", p.innerGradY(x, y), FiniteDifferences.gradient(b -> p.innerValue(x, b), y, h), tol);
        close("innerGradX", p.innerGradX(x, y), FiniteDifferences.gradient(a -> p.innerValue(a, y), x, h), tol);
        close("outerGradY", p.outerGradY(x, y), FiniteDifferences.gradient(b -> p.outerValue(x, b), y, h), tol);
        close("outerGradX", p.outerGradX(x, y), FiniteDifferences.gradient(a -> p.outerValue(a, y), x, h), tol);
        close("innerHvpYY", p.innerHvpYY(x, y, v), FiniteDifferences.directional(b -> p.innerGradY(x, b), y, v, h), tol);
        // ∇²_xy G · v = d/dt ∇_x G(x, y + t v);   ∇²_yx G · u = d/dt ∇_y G(x + t u, y)
        close("innerCrossXY", p.innerCrossXY(x, y, v), FiniteDifferences.directional(b -> p.innerGradX(x, b), y, v, h), tol);
        close("innerCrossYX", p.innerCrossYX(x, y, u), FiniteDifferences.directional(a -> p.innerGradY(a, y), x, u, h), tol);
        close("outerHvpYY", p.outerHvpYY(x, y, v), FiniteDifferences.directional(b -> p.outerGradY(x, b), y, v, h), tol);
        close("outerCrossXY", p.outerCrossXY(x, y, v), FiniteDifferences.directional(b -> p.outerGradX(x, b), y, v, h), tol);
    }

    /** Relative error below tol, or both (nearly) zero. */
    public static void close(String what, Vec exact, Vec fd, double tol) {
        double scale = Math.max(exact.norm(), fd.norm());
        double err = Vec.distance(exact, fd);
        assertTrue(err <= tol * scale || err <= 1e-12, what + ": relative error " + (scale == 0 ? err : err / scale) + " (norm " + scale + ")");
    }
}
