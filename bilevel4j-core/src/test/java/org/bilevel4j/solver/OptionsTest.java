package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problems.Quadratic;
import org.junit.jupiter.api.Test;

class OptionsTest {
    static String message(Runnable r) { return assertThrows(IllegalArgumentException.class, r::run).getMessage(); }

    @Test void unknownKeysAreNamedWithTheAcceptedOnes() {
        Options o = new Options(Map.of("innerStepz", "0.1", "outerStep", "0.5"));
        o.getDouble("outerStep", 0.01, "outer step");
        o.getDouble("innerStep", 0.01, "inner step");
        o.getInt("innerSteps", 10, "inner steps");
        String m = message(() -> o.requireAllUsed("solver aid-cg"));
        assertTrue(m.contains("unknown option innerStepz"), m);
        assertTrue(m.contains("solver aid-cg"), m);
        assertTrue(m.contains("accepted: innerStep, innerSteps, outerStep"), m);
        // a solver factory declares everything it reads
        Options typo = new Options(Map.of("linearStep", "5"));
        Catalog.solver("aid-cg", new Quadratic(Quadratic.Spec.defaults(1)), typo, 1);
        String m2 = message(() -> typo.requireAllUsed("aid-cg"));
        assertTrue(m2.contains("linearStep") && m2.contains("linearSteps") && m2.contains("warmStartV"), m2);
        // all used: no error
        Options ok = new Options(Map.of("a", "1"));
        ok.getInt("a", 0, "a");
        ok.requireAllUsed("x");
    }

    @Test void badValuesGiveClearMessages() {
        Options o = new Options(Map.of("lr", "fast", "nan", "NaN", "n", "1.5", "neg", "-2", "flag", "maybe", "zero", "0", "rule", "sgdd",
                "big", "99999999999"));
        assertEquals("option lr=fast is not a number", message(() -> o.getDouble("lr", 0.1, "")));
        assertEquals("option nan=NaN is not a number", message(() -> o.getDouble("nan", 0.1, "")));
        assertEquals("option n=1.5 is not an integer", message(() -> o.getInt("n", 1, "")));
        assertEquals("option big=99999999999 is not an integer", message(() -> o.getInt("big", 1, "")));
        assertEquals("option n=1.5 is not an integer", message(() -> o.getLong("n", 1, "")));
        assertEquals("option neg=-2 must be >= 0", message(() -> o.getInt("neg", 1, 0, "")));
        assertEquals("option zero=0.0 must be > 0", message(() -> o.getPositive("zero", 1, "")));
        assertEquals("option flag=maybe is not true or false", message(() -> o.getBool("flag", true, "")));
        assertEquals("option rule=sgdd is not one of sgd, adam", message(() -> o.choice("rule", "sgd", "", "sgd", "adam")));
    }

    @Test void goodValuesAndDefaults() {
        Options o = new Options(Map.of("x", "2.5e-3", "k", "-4", "b", "Off", "c", "adam", "s", " text "));
        assertEquals(2.5e-3, o.getDouble("x", 1, "x"));
        assertEquals(-4, o.getInt("k", 0, "k"));
        assertFalse(o.getBool("b", true, "b"));
        assertEquals("adam", o.choice("c", "sgd", "rule", "sgd", "adam"));
        assertEquals(7, o.getInt("absent", 7, "absent"));
        assertEquals(0.5, o.getDouble("half", 0.5, "half"));
        assertTrue(o.getBool("yes", true, "yes"));
        List<Options.Declared> d = o.declared();
        assertEquals(List.of("x", "k", "b", "c", "absent", "half", "yes"), d.stream().map(Options.Declared::key).toList());
        assertEquals("7", d.get(4).defaultValue());
        assertEquals("0.5", d.get(5).defaultValue());
        assertEquals("rule (sgd|adam)", d.get(3).description());
    }

    @Test void parseAndWithDefault() {
        Options o = Options.parse(List.of("a=1", " b = two ", "c=x=y"));
        assertEquals(1, o.getInt("a", 0, ""));
        assertEquals("two", o.getString("b", "", ""));
        assertEquals("x=y", o.getString("c", "", ""));
        assertTrue(message(() -> Options.parse(List.of("novalue"))).contains("key=value"));
        assertTrue(message(() -> Options.parse(List.of("=3"))).contains("'=3'"));
        o.withDefault("a", "5").withDefault("d", "6");
        assertEquals(1, o.getInt("a", 0, ""), "the user's value wins");
        assertEquals(6, o.getInt("d", 0, ""));
    }
}
