package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;
import org.junit.jupiter.api.Test;

/** The shared step defaults: from the problem's scales (docs/STOCHASTIC.md §0), benchopt's constants as a preset. */
class StochasticSettingsTest {
    private final Quadratic q = new Quadratic(Quadratic.Spec.defaults(0));

    private StochasticSettings read(Options o) {
        return StochasticSettings.read(new WithScales(q, Scales.of(q)), o, 0, 0);
    }

    @Test void defaultsAreOneOverTheProblemsConstants() {
        Options o = Options.empty();
        StochasticSettings s = read(o);
        assertEquals(1 / q.innerLipschitz(), s.innerStep(), 1e-15 / q.innerLipschitz());
        assertEquals(0.5 / q.hypergradLipschitz(), s.outerStep(), 1e-15 / q.hypergradLipschitz());
        String doc = o.declared().stream().filter(d -> d.key().equals("outerStep")).findFirst().orElseThrow().description();
        assertTrue(doc.contains("[default from problem: 1/(2 L_Phi), hypergradLipschitz"), doc);
    }

    @Test void benchoptPresetGivesItsConstantsAndExplicitOptionsWin() {
        StochasticSettings s = read(new Options(Map.of("preset", "benchopt")));
        assertEquals(0.1, s.innerStep());
        assertEquals(0.1, s.outerStep());
        s = read(new Options(Map.of("preset", "benchopt", "innerStep", "0.05")));
        assertEquals(0.05, s.outerStep()); // gamma = rho / outer_ratio, as benchopt
        s = read(new Options(Map.of("preset", "benchopt", "outerStep", "0.02")));
        assertEquals(0.1, s.innerStep());
        assertEquals(0.02, s.outerStep());
        assertThrows(IllegalArgumentException.class, () -> read(new Options(Map.of("preset", "nope"))));
    }
}
