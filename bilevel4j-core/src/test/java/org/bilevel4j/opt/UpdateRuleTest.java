package org.bilevel4j.opt;

import static org.junit.jupiter.api.Assertions.*;

import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** Each rule against steps worked out by hand from the formulas in its javadoc. */
class UpdateRuleTest {
    static void near(double expected, double actual) { assertEquals(expected, actual, 1e-14 * Math.max(1, Math.abs(expected))); }

    @Test void sgdStepsAlongTheScheduleStartingAtKZero() {
        Vec v = Vec.of(1, -2);
        UpdateRule.Updater u = UpdateRule.sgd(Schedule.power(0.1, 1)).init(v); // η_0 = 0.1, η_1 = 0.05
        u.descend(v, Vec.of(0.5, 1));  // (1 − 0.05, −2 − 0.1)
        near(0.95, v.toArray()[0]);
        near(-2.1, v.toArray()[1]);
        u.descend(v, Vec.of(-1, 4));   // (0.95 + 0.05, −2.1 − 0.2)
        near(1.0, v.toArray()[0]);
        near(-2.3, v.toArray()[1]);
        assertEquals(2, u.steps());
        u.ascend(v, Vec.of(2, 0));     // η_2 = 0.1/3: v + η g
        near(1.0 + 0.2 / 3, v.toArray()[0]);
        assertEquals(3, u.steps());
    }

    @Test void heavyBallMatchesPyTorchMomentum() {
        // m ← 0.9 m + g;  v ← v − 0.1 m
        Vec v = Vec.of(1);
        UpdateRule.Updater u = UpdateRule.heavyBall(Schedule.constant(0.1), 0.9).init(v);
        u.descend(v, Vec.of(2));    // m = 2, v = 1 − 0.2
        near(0.8, v.toArray()[0]);
        u.descend(v, Vec.of(-1));   // m = 1.8 − 1 = 0.8, v = 0.8 − 0.08
        near(0.72, v.toArray()[0]);
        u.descend(v, Vec.of(0.5));  // m = 0.72 + 0.5 = 1.22, v = 0.72 − 0.122
        near(0.598, v.toArray()[0]);
    }

    @Test void nesterovLooksAhead() {
        // m ← 0.9 m + g;  v ← v − 0.1 (g + 0.9 m)
        Vec v = Vec.of(1, 0);
        UpdateRule.Updater u = UpdateRule.nesterov(Schedule.constant(0.1), 0.9).init(v);
        u.descend(v, Vec.of(2, 1));   // m = (2, 1); v = (1 − 0.1(2 + 1.8), −0.1(1 + 0.9))
        near(0.62, v.toArray()[0]);
        near(-0.19, v.toArray()[1]);
        u.descend(v, Vec.of(-1, 0));  // m = (0.8, 0.9); v = (0.62 − 0.1(−1 + 0.72), −0.19 − 0.1(0 + 0.81))
        near(0.648, v.toArray()[0]);
        near(-0.271, v.toArray()[1]);
    }

    @Test void adamWithBiasCorrection() {
        // β1 = 0.9, β2 = 0.999, ε = 1e-8, η = 0.1
        Vec v = Vec.of(1, 3);
        UpdateRule.Updater u = UpdateRule.adam(Schedule.constant(0.1)).init(v);
        u.descend(v, Vec.of(2, -0.5));
        // m = (0.2, −0.05), s = (0.004, 0.00025); m̂ = m / 0.1, ŝ = s / 0.001
        near(1 - 0.1 * 2 / (2 + 1e-8), v.toArray()[0]);
        near(3 + 0.1 * 0.5 / (0.5 + 1e-8), v.toArray()[1]);
        double v0 = v.toArray()[0], v1 = v.toArray()[1];
        u.descend(v, Vec.of(-1, 0));
        // m = (0.18 − 0.1, −0.045), s = (0.999·0.004 + 0.001, 0.999·0.00025); c1 = 0.19, c2 = 0.001999
        near(v0 - 0.1 * (0.08 / 0.19) / (Math.sqrt(0.004996 / 0.001999) + 1e-8), v.toArray()[0]);
        near(v1 - 0.1 * (-0.045 / 0.19) / (Math.sqrt(0.999 * 0.00025 / 0.001999) + 1e-8), v.toArray()[1]);
        assertEquals(2, u.steps());
    }

    @Test void adamUsesTheScheduleAtTheStepIndex() {
        Vec v = Vec.of(0);
        UpdateRule.Updater u = UpdateRule.adam(Schedule.power(1, 1), 0, 0, 1e-12).init(v);
        // β1 = β2 = 0: the step is η_k g / (|g| + ε) ≈ η_k sign(g), η_0 = 1, η_1 = 1/2
        u.descend(v, Vec.of(5));
        near(-5 / (5 + 1e-12), v.toArray()[0]);
        u.descend(v, Vec.of(-3));
        near(-5 / (5 + 1e-12) + 0.5 * 3 / (3 + 1e-12), v.toArray()[0]);
    }

    @Test void withScheduleKeepsTheRuleAndItsParameters() {
        UpdateRule r = UpdateRule.nesterov(Schedule.constant(1), 0.5).withSchedule(Schedule.constant(0.25));
        assertEquals(new Momentum(r.schedule(), 0.5, true), r);
        assertEquals(0.25, r.schedule().at(9));
        Vec v = Vec.of(1);
        r.init(v).descend(v, Vec.of(1)); // m = 1, v = 1 − 0.25 (1 + 0.5)
        near(0.625, v.toArray()[0]);
    }

    @Test void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.heavyBall(Schedule.constant(1), 1));
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.adam(Schedule.constant(1), 0.9, 1.0, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.adam(Schedule.constant(1), 0.9, 0.999, 0));
    }
}
