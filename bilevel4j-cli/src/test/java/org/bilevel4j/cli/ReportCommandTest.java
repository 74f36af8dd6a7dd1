package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.run;
import static org.bilevel4j.cli.CliTest.userError;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bilevel4j.cli.report.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html from solve, bench and table suites, and {@code bilevel report DIR} on finished, partial and older folders. */
class ReportCommandTest {
    static final String[] BENCH = {"bench", "--tasks", "quadratic:dimY=20", "--solvers", "aid-cg,aid-fp:linearSteps=5", "--seeds", "0,1", "--iterations", "5"};

    static CliTest.Run bench(Path out) {
        String[] args = java.util.Arrays.copyOf(BENCH, BENCH.length + 2);
        args[BENCH.length] = "--out";
        args[BENCH.length + 1] = out.toString();
        return run(args);
    }

    @Test void aPartialBenchFolderGetsABannerAndItsFinishedRuns(@TempDir Path tmp) throws IOException {
        assertEquals(0, bench(tmp).code());
        Path report = tmp.resolve("report.html");
        String done = Files.readString(report);
        assertFalse(done.contains("Still being written") || done.contains("Incomplete"), "finished: no banner");
        assertTrue(done.contains("aid-fp:linearSteps=5") && done.contains("<svg"), "labels and plots");
        // each solver has one colour in every plot: the legend swatch before its short label
        java.util.regex.Pattern swatch = java.util.regex.Pattern.compile("stroke=\"(#[0-9a-f]{6})\"[^>]*/><text[^>]*>(aid-cg|aid-fp)</text>");
        java.util.Map<String, java.util.Set<String>> colours = new java.util.HashMap<>();
        java.util.regex.Matcher m = swatch.matcher(done);
        while (m.find()) colours.computeIfAbsent(m.group(2), k -> new java.util.HashSet<>()).add(m.group(1));
        assertEquals(java.util.Map.of("aid-cg", java.util.Set.of("#4e79a7"), "aid-fp", java.util.Set.of("#f28e2b")), colours);
        assertFalse(done.contains("referenceUniform-vs"), "no plots of references");

        // as a bench still running: no results.json yet, one run not written, the marker there
        Files.delete(tmp.resolve("results.json"));
        Files.delete(tmp.resolve("runs/quadratic_dimY=20/aid-fp_linearSteps=5/seed-1/result.json"));
        Files.writeString(tmp.resolve(RunSettings.MARKER), "2026-01-01T00:00:00Z pid 1\n");
        Files.delete(report);
        CliTest.Run r = run("report", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("report.html"), r.out());
        String partial = Files.readString(report);
        assertTrue(partial.contains("Still being written"), partial);
        assertTrue(partial.contains("Every run of quadratic:dimY=20 (3)"), "the three finished runs");
        assertTrue(partial.contains("quadratic:dimY=20 / aid-fp:linearSteps=5 / seed-1"), "the missing run is named");

        Files.delete(tmp.resolve(RunSettings.MARKER)); // killed: no marker, no results.json
        assertEquals(0, run("report", tmp.toString()).code());
        assertTrue(Files.readString(report).contains("Incomplete"));
    }

    @Test void aFolderWithoutSettingsTakesItsLabelsFromResultsJson(@TempDir Path tmp) throws IOException {
        assertEquals(0, bench(tmp).code());
        Files.delete(tmp.resolve(RunSettings.FILE));
        Path stale = tmp.resolve("plots/quadratic_dimY=20/referenceUniform-vs-time.png"); // as an older version drew them
        Files.writeString(stale, "old");
        assertEquals(0, run("report", tmp.toString()).code());
        assertFalse(Files.exists(stale), "an earlier version's plot is removed");
        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("aid-fp:linearSteps=5"), "the label, not the folder name aid-fp_linearSteps=5");
        assertTrue(html.contains("older version"), "says the machine is not the run's");
    }

    @Test void tableSuitesAndSolveRunsGetReports(@TempDir Path tmp) throws IOException {
        Path suite = tmp.resolve("minimax");
        assertEquals(0, run("bench", "minimax-example", "--quick", "--out", suite.toString()).code());
        String html = Files.readString(suite.resolve("report.html"));
        assertTrue(html.contains("<table") && html.contains("x*_α"), "the stages table");
        assertTrue(html.contains("<svg") && html.contains("x* = 1.3333 (bilevel)"), "the plot with x* as a level");
        assertTrue(Files.exists(suite.resolve("x.svg")) && Files.exists(suite.resolve("x.png")));

        Path solve = tmp.resolve("solve");
        CliTest.Run s = run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "20", "--set", "dimY=20", "--out", solve.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("report.html"), s.out());
        String one = Files.readString(solve.resolve("report.html"));
        assertTrue(one.contains("href=\"result.json\"") && one.contains("href=\"trace.csv\""), "links to the run's files");
        assertTrue(one.contains("distance to x* ↓") && one.contains("<svg"), one);
        assertTrue(Files.exists(solve.resolve("plots/distanceToSolution-vs-gradient-calls.svg")));
    }

    @Test void aMissingFolderIsAUserError(@TempDir Path tmp) {
        assertTrue(userError(run("report", tmp.resolve("nope").toString())).contains("no folder"));
    }
}
