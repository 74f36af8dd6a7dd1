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

/** {@code bilevel bench}: ad hoc comparisons from the command line and the quadratic-compare suite. */
class BenchCommandTest {
    @Test void adHocComparisonOfTwoTasks(@TempDir Path tmp) throws IOException {
        CliTest.Run r = run("bench", "--tasks", "quadratic:dimY=20,quadratic:dimY=20:condition=1000", "--solvers", "aid-cg,aid-fp:linearSteps=5",
                "--seeds", "3", "--iterations", "5", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("4 runs: 4 run now"), r.out());
        JsonNode all = json(tmp.resolve("results.json"));
        assertEquals(4, all.size());
        JsonNode last = all.get(3);
        assertEquals("quadratic:dimY=20:condition=1000", last.get("task").asText());
        assertEquals("aid-fp:linearSteps=5", last.get("solver").asText());
        assertEquals(3, last.get("seed").asLong());
        assertEquals(5, last.get("iterations").asLong());
        assertEquals("1000", last.get("options").get("condition").asText());
        assertEquals("5", last.get("options").get("linearSteps").asText());
        assertEquals("runs/quadratic_dimY=20_condition=1000/aid-fp_linearSteps=5/seed-3", last.get("dir").asText());
        String md = Files.readString(tmp.resolve("summary.md"));
        assertTrue(md.contains("## quadratic:dimY=20\n") && md.contains("## quadratic:dimY=20:condition=1000\n"), md);

        CliTest.Run again = run("bench", "--tasks", "quadratic:dimY=20,quadratic:dimY=20:condition=1000", "--solvers", "aid-cg,aid-fp:linearSteps=5",
                "--seeds", "3", "--iterations", "5", "--out", tmp.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("4 runs: 0 run now, 4 loaded"), again.out());
    }

    /** --set parallel=2: the same runs as one at a time (both with one kernel thread), then loaded by the same command without it. */
    @Test void adHocRunsTwoAtOnce(@TempDir Path tmp) throws IOException {
        String before = System.getProperty("bilevel4j.threads");
        System.setProperty("bilevel4j.threads", "1");
        try {
            String[] bench = {"bench", "--tasks", "quadratic:dimY=20:condition=1000", "--solvers", "aid-cg,aid-fp:linearSteps=5", "--seeds", "3",
                    "--iterations", "5"};
            CliTest.Run one = run(concat(bench, "--out", tmp.resolve("one").toString()));
            assertEquals(0, one.code(), one.err());
            CliTest.Run two = run(concat(bench, "--set", "parallel=2", "--out", tmp.resolve("two").toString()));
            assertEquals(0, two.code(), two.err() + two.out());
            assertTrue(two.out().contains(", 2 at once] ") && two.out().contains("2 runs: 0 run now, 2 loaded"), two.out());
            JsonNode a = json(tmp.resolve("one/results.json")), b = json(tmp.resolve("two/results.json"));
            for (int i = 0; i < 2; i++) assertEquals(a.get(i).get("final"), b.get(i).get("final"), a.get(i).get("dir").asText());
            CliTest.Run again = run(concat(bench, "--out", tmp.resolve("two").toString()));
            assertTrue(again.out().contains("2 runs: 0 run now, 2 loaded"), again.out());
            assertTrue(userError(run(concat(bench, "--set", "parallel=x", "--out", tmp.resolve("bad").toString()))).contains("parallel=x must be a whole number"));
        } finally {
            if (before == null) System.clearProperty("bilevel4j.threads");
            else System.setProperty("bilevel4j.threads", before);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** --refit-every N: the refit metrics every N trace rows of an ad hoc bench, not only on the last row (the default). */
    @Test void adHocRefitEvery(@TempDir Path tmp) throws IOException {
        String task = "hyperclean:trainSize=200:valSize=100:testSize=200:features=20:referenceIterations=100";
        for (String every : new String[] {null, "2"}) {
            Path dir = tmp.resolve(every == null ? "end" : "every");
            List<String> args = new java.util.ArrayList<>(List.of("bench", "--tasks", task, "--solvers", "aid-cg", "--seeds", "0",
                    "--iterations", "8", "--out", dir.toString()));
            if (every != null) args.addAll(List.of("--refit-every", every));
            CliTest.Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err() + r.out());
            List<String> rows = Files.readAllLines(dir.resolve("runs/hyperclean_trainSize=200_valSize=100_testSize=200_features=20_referenceIterations=100/aid-cg/seed-0/trace.csv"));
            int col = List.of(rows.get(0).split(",")).indexOf("testAccuracyRefit");
            assertTrue(col >= 0, rows.get(0));
            long filled = rows.stream().skip(1).filter(l -> { String[] f = l.split(",", -1); return f.length > col && !f[col].isEmpty(); }).count();
            // 9 rows (iterations 0..8): the last only, or every second row after the start (iterations 2, 4, 6, 8)
            assertEquals(every == null ? 1 : 4, filled, String.join("\n", rows));
        }
        assertTrue(userError(run("bench", "--tasks", "quadratic", "--solvers", "aid-cg", "--refit-every", "-1")).contains("--refit-every"));
    }

    @Test void badBenchArgumentsAreOneLineErrors() {
        assertTrue(userError(run("bench", "--tasks", "quadratc", "--solvers", "aid-cg")).contains("unknown problem 'quadratc'"));
        assertTrue(userError(run("bench", "--tasks", "quadratic", "--solvers", "aid-cgg")).contains("unknown solver 'aid-cgg'"));
        assertTrue(userError(run("bench", "--tasks", "quadratic:condition", "--solvers", "aid-cg")).contains("not key=value"));
        assertTrue(userError(run("bench", "--tasks", "quadratic")).contains("--solvers"));
        assertTrue(userError(run("bench", "quadratic-compare", "--tasks", "quadratic", "--solvers", "aid-cg")).contains("not both"));
        assertTrue(userError(run("bench", "--tasks", "quadratic", "--solvers", "aid-cg", "--time-limit", "0")).contains("--time-limit"));
        assertTrue(userError(run("bench", "--tasks", "quadratic", "--solvers", "aid-cg", "--seeds", "1,1")).contains("repeat"));
    }

    @Test void quickQuadraticCompareRunsEverySolverOnEverySeed(@TempDir Path tmp) throws IOException {
        CliTest.Run r = run("bench", "quadratic-compare", "--quick", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        List<String> solvers = List.of("aid-cg", "aid-neumann", "aid-fp", "rhg", "fhg", "hoag", "stocbio");
        JsonNode all = json(tmp.resolve("results.json"));
        assertEquals(solvers.size() * 3, all.size(), "7 solvers, default seeds 0,1,2");
        for (JsonNode e : all) {
            assertEquals("max-iterations", e.get("status").asText(), e.toString());
            assertTrue(e.get("final").get("distanceToSolution").isNumber());
        }
        String md = Files.readString(tmp.resolve("summary.md"));
        for (String s : solvers) assertTrue(md.lines().anyMatch(l -> l.startsWith("| " + s)), s + " row in\n" + md);
        assertTrue(Files.exists(tmp.resolve("plots/quadratic_dimY=20/distanceToSolution-vs-gradient-calls.png")));
        assertTrue(r.out().contains("bench quadratic-compare: results in"), r.out());
    }
}
