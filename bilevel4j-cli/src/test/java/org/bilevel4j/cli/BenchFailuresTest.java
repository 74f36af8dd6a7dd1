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

    /** Named suites check their --set options before the first run: nothing is written (not even the output folder). */
    @Test void namedSuitesRefuseBadOptionsBeforeAnyRun() {
        String[][] cases = {
                {"quadratic-compare", "noSuchKey=1", "noSuchKey"},       // a comparison suite: every (task, solver) is built
                {"quadratic-compare", "innerSteps=abc", "innerSteps"},
                {"toy-figure1", "noSuchKey=1", "noSuchKey"},             // table suites: the keys they read, values parsed
                {"toy-figure1", "iterations=abc", "iterations"},
                {"minimax-example", "stages=0", "stages"},
                {"aid-cg-speed", "dataset=cifar", "dataset"},
                {"spark-scaling", "partitionCounts=1,x", "partitionCounts"},
                {"torch-speed", "python=maybe", "python"}};
        for (String[] c : cases) {
            Path out = tmp.resolve(c[0] + "-" + c[2]);
            String m = userError(run("bench", c[0], "--quick", "--seeds", "0", "--set", c[1], "--out", out.toString()));
            assertTrue(m.contains(c[2]), c[0] + " " + c[1] + ": " + m);
            assertFalse(Files.exists(out), c[0] + " " + c[1] + ": nothing is written");
        }
    }

    /** A comparison suite's task without its data is skipped by the check, as by the run; the check fetches nothing. */
    @Test void suiteValidationNeitherFailsOnNorFetchesMissingData() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("data"));
        org.bilevel4j.data.Datasets.setRoot(empty);
        try {
            // nonsmooth --quick has synthetic tasks and a diabetes one (not fetched here): the error is the option, not the data
            String m = userError(run("bench", "nonsmooth", "--quick", "--seeds", "0", "--set", "noSuchKey=1", "--out", tmp.resolve("n").toString()));
            assertTrue(m.contains("noSuchKey") && !m.contains("fetch"), m);
            try (var files = Files.list(empty)) {
                assertEquals(0, files.count(), "nothing fetched");
            }
        } finally {
            org.bilevel4j.data.Datasets.setRoot(null);
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
