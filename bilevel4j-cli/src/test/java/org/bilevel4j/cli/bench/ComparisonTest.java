package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.Table;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison runner on the quadratic problem: files, numbers, resuming, and runs that diverge or fail. */
class ComparisonTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TASK = "quadratic:dimY=20";

    static Comparison.Config config(Path out, List<String> solvers, long iterations) {
        return new Comparison.Config(NamedSpec.parseAll(List.of(TASK), "problem", Catalog.problems().keySet()),
                NamedSpec.parseAll(solvers, "solver", Catalog.solvers().keySet()), List.of(0L, 1L), StopRule.iterations(iterations),
                Map.of(), out);
    }

    static Comparison.Report run(Comparison.Config c) throws IOException {
        return Comparison.run(c, new PrintWriter(new StringWriter(), true));
    }

    static Path result(Path out, String solver, long seed) {
        return out.resolve("runs").resolve("quadratic_dimY=20").resolve(solver).resolve("seed-" + seed).resolve("result.json");
    }

    static Map<Path, FileTime> mtimes(Path out, List<String> solvers) throws IOException {
        Map<Path, FileTime> m = new HashMap<>();
        for (String s : solvers) for (long seed : List.of(0L, 1L)) m.put(result(out, s, seed), Files.getLastModifiedTime(result(out, s, seed)));
        return m;
    }

    @Test void writesEveryRunTheResultsTheTableAndThePlots(@TempDir Path out) throws IOException {
        List<String> solvers = List.of("aid-cg", "aid-fp");
        Comparison.Report r = run(config(out, solvers, 15));
        assertEquals(4, r.ran());
        assertEquals(0, r.loaded());
        for (String s : solvers)
            for (long seed : List.of(0L, 1L)) {
                Path res = result(out, s, seed);
                assertTrue(Files.exists(res) && Files.exists(res.resolveSibling("trace.csv")), res.toString());
                JsonNode j = MAPPER.readTree(res.toFile());
                assertEquals(s, j.get("solver").asText());
                assertEquals(seed, j.get("seed").asLong());
                assertEquals("20", j.get("options").get("dimY").asText(), "the task's option reached the problem");
                assertEquals(17, Files.readAllLines(res.resolveSibling("trace.csv")).size(), "header and iterations 0..15");
            }

        JsonNode all = MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(4, all.size());
        for (JsonNode e : all) {
            JsonNode own = MAPPER.readTree(out.resolve(e.get("dir").asText()).resolve("result.json").toFile());
            assertEquals(TASK, e.get("task").asText());
            assertEquals("max-iterations", e.get("status").asText());
            assertEquals(15, e.get("iterations").asLong());
            assertEquals(own.get("wallSeconds").asDouble() / 15, e.get("secondsPerIteration").asDouble(), 1e-15);
            assertEquals(own.get("gradientCalls").asLong(), e.get("gradientCalls").asLong());
            assertEquals(own.get("oracles").get("innerHvp").asLong() + own.get("oracles").get("outerHvp").asLong(), e.get("hvps").asLong());
            assertEquals(own.get("final").get("outerValue").asDouble(), e.get("final").get("outerValue").asDouble(), 0);
            assertTrue(e.get("final").get("distanceToSolution").isNumber());
            // AID with 10 inner steps: 10 inner and 2 outer gradients per outer iteration (ALGORITHMS.md §4.2)
            assertEquals(15 * 12, e.get("gradientCalls").asLong());
        }

        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("## " + TASK), md);
        assertTrue(md.contains("| solver ") && md.contains("outer value") && md.contains("distance to solution")
                && md.contains("s / iteration") && md.contains("gradient calls") && md.contains("HVPs"), md);
        for (String s : solvers) {
            String row = md.lines().filter(l -> l.startsWith("| " + s + " ")).findFirst().orElseThrow(() -> new AssertionError(s + " row\n" + md));
            assertTrue(row.contains("2 max-iterations"), row);
            double a = MAPPER.readTree(result(out, s, 0).toFile()).get("final").get("outerValue").asDouble();
            double b = MAPPER.readTree(result(out, s, 1).toFile()).get("final").get("outerValue").asDouble();
            String expected = Table.num((a + b) / 2) + " [" + Table.num(Math.min(a, b)) + ", " + Table.num(Math.max(a, b)) + "]";
            assertTrue(row.contains(expected), "median [min, max] of the seeds' outer values " + expected + " in\n" + row);
            assertTrue(row.contains("| 180 "), "gradient calls, equal over seeds: " + row);
        }
        for (String q : List.of("outerValue", "distanceToSolution"))
            for (String x : List.of("time", "gradient-calls")) {
                Path png = out.resolve("plots").resolve("quadratic_dimY=20").resolve(q + "-vs-" + x + ".png");
                byte[] head = Files.readAllBytes(png);
                assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', png + " is a PNG");
                assertTrue(md.contains("(plots/quadratic_dimY=20/" + q + "-vs-" + x + ".png)"), "summary links " + png);
            }
    }

    @Test void aSecondCallResumesAndRunsOnlyWhatIsMissingOrChanged(@TempDir Path out) throws IOException {
        List<String> solvers = List.of("aid-cg", "aid-fp");
        run(config(out, solvers, 10));
        Map<Path, FileTime> before = mtimes(out, solvers);
        String summary = Files.readString(out.resolve("summary.md"));

        Comparison.Report again = run(config(out, solvers, 10));
        assertEquals(0, again.ran(), "nothing runs again");
        assertEquals(4, again.loaded());
        assertEquals(before, mtimes(out, solvers));
        assertEquals(summary, Files.readString(out.resolve("summary.md")), "the same results give the same summary");

        Files.delete(result(out, "aid-fp", 1));
        Comparison.Report one = run(config(out, solvers, 10));
        assertEquals(1, one.ran(), "only the run whose result.json was deleted");
        assertEquals(3, one.loaded());
        Map<Path, FileTime> after = mtimes(out, solvers);
        for (Path p : before.keySet())
            if (!p.equals(result(out, "aid-fp", 1))) assertEquals(before.get(p), after.get(p), p + " untouched");
        assertEquals(4, MAPPER.readTree(out.resolve("results.json").toFile()).size());

        Comparison.Report changed = run(config(out, solvers, 12));
        assertEquals(4, changed.ran(), "a different stop rule is a different run");
        assertEquals(12, MAPPER.readTree(result(out, "aid-cg", 0).toFile()).get("iterations").asLong());
    }

    @Test void divergedAndFailedRunsAreRecordedAndTheBenchGoesOn(@TempDir Path out) throws IOException {
        // an outer step of 1e8 multiplies x by about 1e8 per iteration: infinite within some 40 iterations
        List<String> solvers = List.of("aid-cg:outerStep=1e8", "aid-cg:noSuchOption=1", "aid-cg");
        Comparison.Report r = run(config(out, solvers, 60));
        assertEquals(6, r.runs().size());
        for (RunRecord run : r.runs()) {
            switch (run.solver()) {
                case "aid-cg:outerStep=1e8" -> {
                    assertEquals("diverged", run.status(), run.message());
                    assertTrue(run.iterations() < 60);
                    assertTrue(Files.exists(run.dir().resolve("trace.csv")), "the trace up to the divergence is kept");
                }
                case "aid-cg:noSuchOption=1" -> {
                    assertEquals("failed", run.status());
                    assertTrue(run.message().contains("noSuchOption"), run.message());
                }
                default -> assertEquals("max-iterations", run.status());
            }
        }
        assertEquals(2, r.failed().size());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| aid-cg:outerStep=1e8 ") && l.contains("2 diverged")), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| aid-cg:noSuchOption=1 ") && l.contains("2 failed")), md);
        assertTrue(md.contains("noSuchOption"), "the failure's message is in the summary");
        JsonNode all = MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(6, all.size());

        Comparison.Report again = run(config(out, solvers, 60));
        assertEquals(2, again.ran(), "failed runs are tried again, diverged ones are kept");
    }
}
