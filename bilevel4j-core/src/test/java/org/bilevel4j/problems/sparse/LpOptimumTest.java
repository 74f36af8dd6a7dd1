package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Why no first-order bilevel method is held to the optimal hyper-parameter of the orthogonal l_p problem (README "Your
 * own problem"): with p < 1 the exact inner solution w*(x) = prox_{e^x |·|^p}(z) is discontinuous in x (a coordinate
 * jumps between 0 and a root of w + t p w^{p−1} = |z_i|, Shrinkage.lp), and x* = argmin F(w*(x)) sits on such a jump:
 * Φ falls towards x* from above with a nonzero slope and jumps up just below it. x* is no stationary point of any
 * smoothed or local branch of Φ, which is what warm-started inner iterations follow.
 */
class LpOptimumTest {
    @Test void theLpOptimumIsAJumpOfPhiNotAStationaryPoint() {
        SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression", new Options(Map.of("design", "orthogonal", "penalty", "lp")), 0);
        double xs = Vec.array(p.solutionX())[0], h = 1e-6;
        double f0 = p.exactOuter(Vec.of(xs)), above = p.exactOuter(Vec.of(xs + h)), below = p.exactOuter(Vec.of(xs - h));
        // a jump of order 1e-4 across 2e-6 of x (a continuous Φ with the slope below would change by ~1e-10)
        assertTrue(below - f0 > 1e-4, "Φ jumps up below x*: " + (below - f0));
        // the slope from above at x* is not zero: x* is a minimum only because of the jump
        double slopeAbove = (p.exactOuter(Vec.of(xs + 1e-3)) - above) / (1e-3 - h);
        assertTrue(slopeAbove > 1e-5, "Φ still decreases towards x* from above: slope " + slopeAbove);
        // the jump is one coordinate of w* leaving 0 (|z_i| ~ 1e-2, the size of the smoothing that would blur it)
        double[] wa = Vec.array(p.innerSolution(Vec.of(xs + h))), wb = Vec.array(p.innerSolution(Vec.of(xs - h)));
        int switched = 0;
        for (int i = 0; i < wa.length; i++) if ((wa[i] == 0) != (wb[i] == 0)) switched++;
        assertEquals(1, switched, "coordinates of w* that switch between 0 and non-zero at x*");
    }
}
