package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scales behind the step defaults: in result.json with their source, counted as oracle calls, and marked by {@code list}. */
class ScalesCliTest {
    /** sparse-regression knows no Lipschitz constant: L_g is estimated by power iteration, 20 HVPs that the run counts. */
    @Test void estimatedScalesAreRecordedAndCounted(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        CliTest.Run r = run("solve", "--problem", "sparse-regression", "--set", "design=orthogonal", "--solver", "aid-cg",
                "--set", "outerStep=0.01", "--iterations", "3", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = json(dir.resolve("result.json"));
        JsonNode inner = j.get("scales").get("innerLipschitz");
        assertEquals("estimated", inner.get("source").asText());
        assertTrue(inner.get("value").asDouble() > 0);
        assertFalse(j.get("scales").has("hypergradLipschitz"), "outerStep was given: L_Phi is not estimated");
        // 3 iterations x 10 CG steps (+1 residual product each at most) plus 20 power-iteration HVPs
        long hvp = j.get("oracles").get("innerHvp").asLong();
        assertTrue(hvp >= 20 + 30 && hvp <= 20 + 33, "HVPs " + hvp);

        Path known = tmp.resolve("known");
        assertEquals(0, run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "2", "--out", known.toString()).code());
        JsonNode k = json(known.resolve("result.json"));
        assertEquals("problem", k.get("scales").get("innerLipschitz").get("source").asText());
        long known2 = k.get("oracles").get("innerHvp").asLong();
        assertTrue(known2 >= 20 && known2 <= 22, "the problem's constants cost no calls: 2 x 10 CG steps (+1 residual when warm), got " + known2);
    }

    @Test void listMarksDefaultsFromTheProblem() {
        CliTest.Run r = run("list", "aid-cg", "--problem", "sparse-regression");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[default from problem: 1/L, innerLipschitz"), r.out());
        assertTrue(r.out().contains("(estimated)"), r.out());
        assertTrue(r.out().contains("scales of sparse-regression"), r.out());
        CliTest.Run q = run("list", "aid-cg");
        assertTrue(q.out().contains("innerLipschitz 100.0 (problem)"), q.out());
    }

    /** list --set builds the --problem with those options, so the defaults shown are the ones solve would take on it. */
    @Test void listTakesTheProblemsOptions() {
        CliTest.Run given = run("list", "soba", "--problem", "reweight", "--set", "trainSize=120", "--set", "valSize=60", "--set", "testSize=60");
        assertEquals(0, given.code(), given.err());
        assertTrue(given.out().contains("hypergradLipschitz 5.000 (problem)"), given.out());
        CliTest.Run estimated = run("list", "soba", "--problem", "reweight", "--set", "trainSize=120", "--set", "valSize=60", "--set", "testSize=60",
                "--set", "hypergradLipschitz=estimated");
        assertEquals(0, estimated.code(), estimated.err());
        assertTrue(estimated.out().matches("(?s).*hypergradLipschitz [0-9.e-]+ \\(estimated\\).*"), estimated.out());
        CliTest.Run unknown = run("list", "soba", "--problem", "reweight", "--set", "innerStep=0.1");
        assertEquals(2, unknown.code(), unknown.out());
        assertTrue(unknown.err().contains("innerStep"), unknown.err());
        CliTest.Run noProblem = run("list", "soba", "--set", "trainSize=120");
        assertEquals(2, noProblem.code(), noProblem.out());
        assertTrue(noProblem.err().contains("--problem"), noProblem.err());
    }
}
