package org.bilevel4j.opt;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test void constant() {
        assertEquals(0.3, Schedule.constant(0.3).at(0));
        assertEquals(0.3, Schedule.constant(0.3).at(1_000_000));
    }

    @Test void powerIsValueTimesKPlusOneToTheMinusP() {
        Schedule s = Schedule.power(0.1, 0.5);
        assertEquals(0.1, s.at(0), 1e-16);
        assertEquals(0.05, s.at(3), 1e-16);      // 0.1 / √4
        assertEquals(0.01, s.at(99), 1e-16);     // 0.1 / √100
        assertEquals(2.0 / 8, Schedule.power(2, 3).at(1), 1e-16);
    }

    @Test void cosineAnnealsFromMaxToMinAndHolds() {
        Schedule s = Schedule.cosine(1, 0.1, 4);
        assertEquals(1, s.at(0), 1e-15);
        assertEquals(0.1 + 0.45 * (1 + Math.sqrt(0.5)), s.at(1), 1e-15); // cos(π/4)
        assertEquals(0.55, s.at(2), 1e-15);                              // halfway
        assertEquals(0.1 + 0.45 * (1 - Math.sqrt(0.5)), s.at(3), 1e-15);
        assertEquals(0.1, s.at(4), 1e-15);
        assertEquals(0.1, s.at(40), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(1, 0, 0));
    }

    @Test void timesScales() {
        assertEquals(0.15, Schedule.power(0.1, 1).times(3).at(1), 1e-16);
    }
}
