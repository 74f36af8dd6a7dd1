package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;

/** The time-to-accuracy suite checks its options before it loads anything. */
class TimeToAccuracyTest {
    @Test void defaultsAndBadOptions() {
        TimeToAccuracy.Settings s = TimeToAccuracy.settings(new Options(Map.of()), false);
        assertEquals(0.9, s.target());
        assertEquals(5, s.warmup());
        assertEquals(0, TimeToAccuracy.settings(new Options(Map.of()), true).warmup());
        assertThrows(IllegalArgumentException.class, () -> TimeToAccuracy.settings(new Options(Map.of("warmup", "-1")), false));
        assertEquals(TimeToAccuracy.SOLVERS, s.solvers());
        assertThrows(IllegalArgumentException.class, () -> TimeToAccuracy.settings(new Options(Map.of("target", "1.5")), false));
        assertThrows(IllegalArgumentException.class, () -> TimeToAccuracy.settings(new Options(Map.of("solvers", "aid-cg;no-such-solver")), false));
        assertThrows(IllegalArgumentException.class, () -> TimeToAccuracy.settings(new Options(Map.of("nonsense", "1")), false));
        assertEquals(2, TimeToAccuracy.settings(new Options(Map.of("solvers", "aid-cg;minimaxopt:preset=paper")), true).solvers().size());
    }
}
