package org.bilevel4j.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** A pass is one read of the samples a call touches: full-data calls count 1, mini-batch calls their share. */
class PassesTest {
    @Test
    void fullCallsCountOneBatchCallsTheirShare() {
        Quadratic q = new Quadratic(new Quadratic.Spec(3, 5, 64, 32, 10, 5, 0.5, 1));
        CountingProblem c = new CountingProblem(q);
        Vec x = Vec.zeros(3), y = Vec.zeros(5);
        c.innerGradY(x, y);                                       // 1 inner pass
        c.outerValue(x, y);                                       // 1 outer pass
        BilevelProblem b = c.batch(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        b.innerHvpYY(x, y, Vec.zeros(5));                         // 8 of 64 inner samples
        b.outerGradY(x, y);                                       // 4 of 32 outer samples
        assertEquals(2 + 8.0 / 64 + 4.0 / 32, c.counts().passes(), 1e-15);
        assertEquals(c.counts().passes(), c.counts().snapshot().passes(), 0);
    }

    @Test
    void aProblemThatIsNoFiniteSumCountsOnePassPerCall() {
        CountingProblem c = new CountingProblem(new org.bilevel4j.problems.MinimaxExample(1, 2, 1, -5, 5));
        Vec x = c.initialX(), y = c.initialY();
        c.innerGradY(x, y);
        c.outerGradX(x, y);
        c.innerValue(x, y);
        assertEquals(3, c.counts().passes(), 0);
    }
}
