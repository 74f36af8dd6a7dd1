package org.bilevel4j.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;

/** {@code --set preset=benchopt}: benchopt's sizes and inner conditioning, each still overridable. */
class QuadraticPresetTest {
    @Test void benchoptPresetSetsSizesAndConditioning() {
        Quadratic.Spec s = Quadratic.Spec.benchopt(3);
        assertEquals(10, s.dimX());
        assertEquals(100, s.dimY());
        assertEquals(32768, s.innerSamples());
        assertEquals(1024, s.outerSamples());
        // built small (innerSamples overridden) to keep the test light: L / mu of the inner Hessian is 100
        BilevelProblem p = Catalog.problem("quadratic", new Options(Map.of("preset", "benchopt", "innerSamples", "256")), 3);
        assertEquals(100, p.dimY());
        assertEquals(10, p.dimX());
        assertEquals(1024, p.outerSamples());
        assertEquals(256, p.innerSamples());
        assertEquals(100, p.innerLipschitz() / p.innerStrongConvexity(), 1e-9);
    }
}
