package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.run;
import static org.bilevel4j.cli.CliTest.userError;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bench checks every run's options before the first run, and exits non-zero after its summary when a run failed. */
class BenchFailuresTest {
    @TempDir Path tmp;

    @Test void badOptionsAreRefusedBeforeAnyRun() {
        for (String solver : new String[] {"aid-cg:innerSteps=abc", "aid-cg:noSuchKey=1", "aid-cg:outerStep=1e400"}) {
            Path out = tmp.resolve(solver.replace(':', '_'));
            String m = userError(run("bench", "--tasks", "quadratic", "--solvers", "aid-fp," + solver, "--seeds", "0", "--iterations", "2",
                    "--out", out.toString()));
            assertTrue(m.contains("solver " + solver) && m.contains(solver.substring(7, solver.indexOf('='))), m);
            assertFalse(Files.exists(out.resolve("runs")), "nothing ran");
        }
    }

    /** A run that throws is recorded as failed; the bench writes its summary, then exits 1 naming it. Divergence is an outcome. */
    @Test void aFailedRunMakesTheBenchExitNonZeroAfterTheSummary() throws IOException {
        Path out = tmp.resolve("b");
        // random search over [5, 6] misses minimax-example's box [-1, 2]: its options are valid, its run throws when it draws;
        // aid-cg with a far too long inner step diverges, which is an outcome and not a failure
        CliTest.Run r = run("bench", "--tasks", "minimax-example", "--solvers", "random-search:lo=5:hi=6,aid-cg:innerStep=100", "--seeds", "0",
                "--iterations", "20", "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(Files.exists(out.resolve("summary.md")) && Files.exists(out.resolve("results.json")), "the summary is written first");
        String line = r.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElseThrow();
        assertTrue(line.contains("1 run failed") && line.contains("minimax-example / random-search:lo=5:hi=6 / seed 0"), line);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("diverged"), "the diverged run is recorded, not a failure");
    }

    @Test void everythingFineExitsZero() {
        CliTest.Run r = run("bench", "--tasks", "quadratic:dimY=10", "--solvers", "aid-cg", "--seeds", "0", "--iterations", "2", "--out", tmp.resolve("ok").toString());
        assertEquals(0, r.code(), r.err());
    }
}
