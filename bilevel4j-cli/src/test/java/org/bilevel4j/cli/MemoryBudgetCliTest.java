package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.bilevel4j.cli.CliTest.userError;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set memoryBudget=N} from the command line: listed, checkpoint and resume unchanged, same run as the full tape. */
class MemoryBudgetCliTest {
    static JsonNode solve(Path dir, String solver, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("solve", "--problem", "quadratic", "--solver", solver, "--set", "innerSteps=12",
                "--iterations", "10", "--checkpoint-every", "4", "--seed", "2", "--out", dir.toString()));
        args.addAll(List.of(more));
        CliTest.Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return json(dir.resolve("result.json"));
    }

    @Test void resumedBudgetedRunEndsWhereTheUninterruptedOneAndTheFullTapeDo(@TempDir Path tmp) throws IOException {
        for (String solver : List.of("rhg", "bda")) {
            Path a = tmp.resolve(solver + "-a"), b = tmp.resolve(solver + "-b"), full = tmp.resolve(solver + "-full");
            JsonNode ja = solve(a, solver, "--set", "memoryBudget=2");
            Files.createDirectories(b);
            Files.copy(a.resolve("checkpoint.json"), b.resolve("checkpoint.json"));
            CliTest.Run s = run("solve", "--resume", b.toString());
            assertEquals(0, s.code(), s.err());
            assertTrue(s.err().contains("resuming at iteration 8"), s.err());
            JsonNode jb = json(b.resolve("result.json"));
            for (String k : List.of("x", "y", "oracles", "iterations", "options", "final")) assertEquals(ja.get(k), jb.get(k), solver + ": " + k);

            JsonNode jf = solve(full, solver);
            assertEquals(jf.get("x"), ja.get("x"), solver + ": the same iterates as the full tape");
            assertEquals(jf.get("y"), ja.get("y"));
            assertTrue(ja.toString().contains("memoryBudget"), "the option is recorded");
        }
    }

    @Test void listedAndCheckedOnTheCommandLine() {
        for (String solver : List.of("rhg", "trhg", "bda")) {
            CliTest.Run r = run("list", solver);
            assertTrue(r.out().contains("memoryBudget") && r.out().contains("Revolve"), r.out());
        }
        assertFalse(run("list", "fhg").out().contains("memoryBudget"), "forward mode keeps no tape");
        String line = userError(run("solve", "--problem", "quadratic", "--solver", "rhg", "--set", "memoryBudget=0", "--iterations", "1"));
        assertTrue(line.contains("memoryBudget=0") && line.contains(">= 1"), line);
    }
}
