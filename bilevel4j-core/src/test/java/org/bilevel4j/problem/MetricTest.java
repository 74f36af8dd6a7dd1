package org.bilevel4j.problem;

import static org.junit.jupiter.api.Assertions.*;

import org.bilevel4j.problems.Quadratic;
import org.junit.jupiter.api.Test;

/** The shared meanings of metrics: directions, kinds, references, and how a task turns one around. */
class MetricTest {
    @Test void registryKnowsDirectionsKindsAndReferences() {
        assertEquals(Metric.Better.HIGHER, Metric.of("testAccuracy").better());
        assertEquals(Metric.Better.LOWER, Metric.of("distanceToSolution").better());
        assertEquals(Metric.Better.LOWER, Metric.of("outerValue").better());
        assertEquals(Metric.Kind.ITERATE, Metric.of("f1").kind());
        Metric oracle = Metric.of("referenceOracle");
        assertEquals(Metric.Kind.REFERENCE, oracle.kind());
        assertEquals("testAccuracy", oracle.referenceOf());
        Metric unknown = Metric.of("somethingNew");
        assertEquals(Metric.Better.NEITHER, unknown.better());
        assertEquals(Metric.Kind.ITERATE, unknown.kind());
        assertEquals("", unknown.arrow());
        assertEquals(" ↑", Metric.of("testAccuracy").arrow());
        assertTrue(Metric.rank("testAccuracy") < Metric.rank("referenceUniform"), "per-iterate metrics before references");
        assertTrue(Metric.rank("referenceUniform") < Metric.rank("somethingNew"), "unknown names last");
    }

    @Test void reversedAndParsedBack() {
        Metric r = Metric.of("testAccuracy").reversed();
        assertEquals(Metric.Better.LOWER, r.better());
        assertEquals(Metric.Better.HIGHER, r.reversed().better());
        Metric p = Metric.parse("testAccuracy", r.betterWord(), r.kindWord(), null, null);
        assertEquals(r, p, "the words written to result.json read back to the same meaning");
        assertEquals(Metric.of("referenceOracle"), Metric.parse("referenceOracle", "bogus", "", "", ""), "unknown words: the registry's meaning");
    }

    @Test void problemsAnswerWithTheRegistryUnlessTheyOverride() {
        BilevelProblem q = new Quadratic(Quadratic.Spec.defaults(1));
        assertEquals(Metric.of("distanceToSolution"), q.metric("distanceToSolution"));
        assertEquals(Metric.of("testAccuracy"), new CountingProblem(q).metric("testAccuracy"));
    }
}
