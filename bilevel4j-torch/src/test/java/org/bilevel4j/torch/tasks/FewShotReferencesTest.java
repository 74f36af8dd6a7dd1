package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.bilevel4j.torch.TorchSetup;
import org.junit.jupiter.api.Test;

/** The references (random embedding, pretrained conv-4) are computed once per JVM for the runs of one task and seed. */
class FewShotReferencesTest {
    private static FewShotProblem problem(long seed) {
        FewShotSettings s = FewShotFixtures.settings(1);
        FewShotSettings withReferences = new FewShotSettings(s.ways(), s.shots(), s.queries(), s.metaBatch(), s.width(), s.l2(),
                s.stepsPerBatch(), s.evalEvery(), s.evalEpisodes(), s.evalQueries(), s.headSteps(), true, s.pretrainEpochs(),
                s.pretrainClasses());
        return new FewShotProblem(withReferences, FewShotFixtures.data(), TorchSetup.doubles(), seed);
    }

    @Test void runsOfOneTaskAndSeedShareTheirReferencesAndOtherSeedsDoNot() {
        Map<String, Double> a = problem(11).evaluation().references(), b = problem(11).evaluation().references();
        assertSame(a, b, "a second run of the same task and seed must not re-train and re-evaluate the references");
        assertEquals(5, a.size(), a.toString());
        assertNotSame(a, problem(12).evaluation().references(), "another seed has another random embedding and pretraining");
    }
}
