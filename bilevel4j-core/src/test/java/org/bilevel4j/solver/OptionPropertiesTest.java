package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Property tests of option parsing: every text either gives a finite number or a one-line error naming the option. */
class OptionPropertiesTest {
    @Property(tries = 500) void finiteNumbersRoundTrip(@ForAll @DoubleRange(min = -1e300, max = 1e300) double d) {
        assertEquals(d, new Options(Map.of("k", Double.toString(d))).getDouble("k", 0, "doc"));
    }

    @Provide Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.eE+-xNaIfinity ").ofMaxLength(12),
                Arbitraries.of("1e400", "-1e400", "Infinity", "-Infinity", "NaN", "+Infinity", "1e308", "4.9e-324", "0x1p3", ""));
    }

    @Property(tries = 500) void getDoubleIsFiniteOrRefused(@ForAll("anyText") String text) {
        Options o = new Options(Map.of("outerStep", text));
        try {
            double d = o.getDouble("outerStep", 1, "doc");
            assertTrue(Double.isFinite(d), "accepted a non-finite value from '" + text + "'");
            assertEquals(Double.parseDouble(text), d);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("option outerStep=" + text + " "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            boolean finite;
            try {
                finite = Double.isFinite(Double.parseDouble(text));
            } catch (NumberFormatException nfe) {
                finite = false;
            }
            assertFalse(finite, "refused the finite number '" + text + "'");
        }
    }

    @Property(tries = 200) void positiveOrInfinityTakesInfinityButNeverNaNOrNonPositive(@ForAll("anyText") String text) {
        Options o = new Options(Map.of("betaMax", text));
        try {
            double d = o.getPositiveOrInfinity("betaMax", 100, "doc");
            assertTrue(d > 0, "accepted " + d);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("option betaMax="), e.getMessage());
        }
    }

    @Property(tries = 1) void overflowAndInfinityAreRefusedWhereFinitenessIsRequired() {
        for (String bad : new String[] {"1e400", "Infinity", "-Infinity", "NaN"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Options(Map.of("outerStep", bad)).getDouble("outerStep", 1, "d"));
            assertTrue(e.getMessage().contains("outerStep=" + bad), e.getMessage());
        }
        assertEquals(Double.POSITIVE_INFINITY, new Options(Map.of("betaMax", "Infinity")).getPositiveOrInfinity("betaMax", 100, "d"));
        assertThrows(IllegalArgumentException.class, () -> new Options(Map.of("betaMax", "NaN")).getPositiveOrInfinity("betaMax", 100, "d"));
    }
}
