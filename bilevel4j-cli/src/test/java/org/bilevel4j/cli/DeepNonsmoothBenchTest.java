package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bilevel bench deep-nonsmooth --quick}: conv-4 reweight and poison (16×16 synthetic images), every solver, plots. */
class DeepNonsmoothBenchTest {
    @Test void quickSuiteRunsEverySolverOnBothNetworkTasksAndPlotsAccuracy(@TempDir Path tmp) throws IOException {
        CliTest.Run r = run("bench", "deep-nonsmooth", "--quick", "--seeds", "0", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode all = json(tmp.resolve("results.json"));
        assertEquals(2 * 5, all.size());
        for (JsonNode e : all) assertNotEquals("failed", e.get("status").asText(), e.toString());
        // the refit beside each method's own y, and the references without hyper-parameter learning, in the summary tables
        String summary = Files.readString(tmp.resolve("summary.md"));
        for (String column : List.of("testAccuracyRefit", "balancedAccuracyRefit", "validationLossRefit", "referenceUniform", "referenceUniformBalanced", "referenceClean"))
            assertTrue(summary.contains("| " + column), column + " in\n" + summary);
        try (Stream<Path> files = Files.walk(tmp.resolve("plots"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("testAccuracy-vs-time.svg") && names.contains("testAccuracy-vs-gradient-calls.svg"), names.toString());
        }
    }

    @Test void badModelIsAUserError(@TempDir Path tmp) {
        CliTest.Run r = run("solve", "--problem", "reweight", "--solver", "spnbo", "--set", "model=resnet", "--out", tmp.toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("model=resnet"), r.err());
    }
}
