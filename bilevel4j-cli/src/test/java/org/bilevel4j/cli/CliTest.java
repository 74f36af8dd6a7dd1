package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.bench.BenchSuites;
import org.bilevel4j.cli.bench.NamedSpec;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line in-process: exit codes, files written, and one clear line for every user error. */
class CliTest {
    record Run(int code, String out, String err) {
        /** The error output's lines that are not progress lines. */
        List<String> errorLines() { return err.lines().filter(l -> l.startsWith("error:")).toList(); }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode json(Path file) throws IOException { return new ObjectMapper().readTree(file.toFile()); }

    /** A user error: exit 2, exactly one line on stderr, starting with "error:", no stack trace, nothing on stdout. */
    static String userError(Run r) {
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line expected, got:\n" + r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        return lines.get(0);
    }

    /** A task run's result.json carries its metrics under final.metrics (as the task spec reads them); float and double agree. */
    @Test void hypercleanMetricsInBothPrecisions(@TempDir Path tmp) throws IOException {
        double[] accuracy = new double[2];
        String[] precisions = {"float", "double"};
        for (int k = 0; k < 2; k++) {
            Path dir = tmp.resolve(precisions[k]);
            Run r = run("solve", "--problem", "hyperclean", "--solver", "aid-cg", "--iterations", "20", "--set", "trainSize=300",
                    "--set", "valSize=200", "--set", "testSize=300", "--set", "features=20", "--set", "referenceIterations=200",
                    "--set", "precision=" + precisions[k], "--out", dir.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode fin = json(dir.resolve("result.json")).get("final");
            for (String key : List.of("testAccuracy", "f1", "referenceUniform", "referenceOracle"))
                assertTrue(fin.get("metrics").get(key).isNumber(), "final.metrics." + key + " in " + fin);
            accuracy[k] = fin.get("metrics").get("testAccuracy").asDouble();
            assertTrue(accuracy[k] > fin.get("metrics").get("referenceUniform").asDouble() - 0.05, "cleaning helps: " + fin);
        }
        assertEquals(accuracy[1], accuracy[0], 2.0 / 300, "float and double runs end with the same test accuracy (to one sample)");
        assertTrue(userError(run("solve", "--problem", "hyperclean", "--solver", "aid-cg", "--set", "precision=half")).contains("precision"));
    }

    @Test void solveWritesResultAndTraceAndReachesTheSolution(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        Run r = run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("distance to solution"), r.out());
        assertTrue(r.err().contains("iteration 1000"), "progress lines when not on a terminal:\n" + r.err());

        JsonNode j = json(dir.resolve("result.json"));
        assertEquals("quadratic", j.get("problem").asText());
        assertEquals("aid-cg", j.get("solver").asText());
        assertEquals("max-iterations", j.get("status").asText());
        assertEquals(1000, j.get("iterations").asLong());
        assertTrue(j.get("wallSeconds").asDouble() > 0);
        assertEquals(0, j.get("seed").asLong());
        assertTrue(j.get("options").isObject());
        for (String k : List.of("outerGradX", "outerGradY", "innerGradX", "innerGradY", "innerHvp", "innerCross"))
            assertTrue(j.get("oracles").has(k), "oracle count " + k);
        // AID-CG with D inner steps calls ∇_yG D times per outer iteration (ALGORITHMS.md §4.2)
        assertEquals(1000L * 10, j.get("oracles").get("innerGradY").asLong());
        JsonNode fin = j.get("final");
        for (String k : List.of("outerValue", "innerGradNorm", "distanceToSolution", "hypergradError")) assertTrue(fin.has(k), k);
        assertTrue(fin.get("distanceToSolution").asDouble() <= 1e-4, "distance " + fin.get("distanceToSolution"));
        assertTrue(j.get("metrics").isObject());

        // x is the final outer variable: compare with the closed-form solution of the same problem (seed 0)
        Vec xStar = new Quadratic(Quadratic.Spec.defaults(0)).solutionX();
        assertEquals(xStar.dim(), j.get("x").size());
        for (int i = 0; i < xStar.dim(); i++) assertEquals(xStar.toArray()[i], j.get("x").get(i).asDouble(), 1e-4);

        List<String> csv = Files.readAllLines(dir.resolve("trace.csv"));
        assertTrue(csv.get(0).startsWith("iteration,seconds"), csv.get(0));
        assertTrue(csv.get(0).contains("distanceToSolution"), csv.get(0));
        // the default --trace-every auto: every iteration to 100, then every 10th to 1000
        assertEquals(1 + 101 + 90, csv.size(), "header plus rows for iterations 0..100 and 110, 120, ..., 1000");
        assertTrue(csv.get(102).startsWith("110,"), csv.get(102));
        assertTrue(csv.get(csv.size() - 1).startsWith("1000,"), csv.get(csv.size() - 1));
    }

    @Test void startVectorsAndTraceEvery(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, run("solve", "--problem", "quadratic", "--solver", "aid-fp", "--iterations", "0", "--set", "x0=0.25",
                "--set", "dimX=3", "--out", a.toString()).code());
        JsonNode j = json(a.resolve("result.json"));
        for (JsonNode v : j.get("x")) assertEquals(0.25, v.asDouble());
        assertEquals("0.25", j.get("options").get("x0").asText());

        Run r = run("solve", "--problem", "quadratic", "--solver", "aid-fp", "--iterations", "10", "--trace-every", "5",
                "--set", "dimX=3", "--set", "x0=1,2,3", "--set", "y0=0", "--out", b.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1 + 3, Files.readAllLines(b.resolve("trace.csv")).size(), "rows at iterations 0, 5, 10");
        assertEquals(3, json(b.resolve("result.json")).get("x").size());
    }

    @Test void unknownSolverNamesTheAcceptedOnes() {
        String line = userError(run("solve", "--problem", "quadratic", "--solver", "nope"));
        assertTrue(line.contains("'nope'"), line);
        for (String s : Catalog.solvers().keySet()) assertTrue(line.contains(s), line);
    }

    @Test void unknownProblemNamesTheAcceptedOnes() {
        String line = userError(run("solve", "--problem", "nope", "--solver", "aid-cg"));
        for (String p : Catalog.problems().keySet()) assertTrue(line.contains(p), line);
    }

    @Test void unknownSetKeyNamesProblemSolverAndAcceptedKeys() {
        String line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "innerStepz=0.1"));
        assertTrue(line.contains("innerStepz") && line.contains("quadratic") && line.contains("aid-cg"), line);
        for (String k : List.of("innerStep", "innerSteps", "linearSteps", "dimX", "x0")) assertTrue(line.contains(k), line);
    }

    @Test void badValueSaysWhatIsExpected() {
        String line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "innerSteps=abc"));
        assertTrue(line.contains("innerSteps=abc") && line.contains("integer"), line);
        line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "outerRule=fast"));
        assertTrue(line.contains("adam") && line.contains("sgd"), line);
        line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "x0=a,b"));
        assertTrue(line.contains("x0"), line);
        userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "noequals"));
        userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "many"));
        userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--trace-every", "0"));
        line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--trace-every", "often"));
        assertTrue(line.contains("--trace-every") && line.contains("often") && line.contains("auto"), line);
        line = userError(run("bench", "aid-cg-speed", "--trace-every", "-3"));
        assertTrue(line.contains("--trace-every") && line.contains("auto"), line);
    }

    /** --trace-every auto: a row at every iteration to 100, then every 10th (and the last); result.json says 0 (log-spaced). */
    @Test void traceEveryAutoIsLogSpaced(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("auto");
        Run r = run("solve", "--problem", "quadratic", "--solver", "aid-fp", "--iterations", "155", "--trace-every", "auto", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(dir.resolve("trace.csv"));
        assertEquals(1 + 101 + 5 + 1, rows.size(), "header, iterations 0-100, 110-150, 155");
        assertTrue(rows.get(rows.size() - 2).startsWith("150,") && rows.get(rows.size() - 1).startsWith("155,"), rows.get(rows.size() - 1));
        assertEquals(0, json(dir.resolve("result.json")).get("stop").get("traceEvery").asInt());
    }

    @Test void startDimensionMismatchNamesTheDimension() {
        String line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "x0=1,2,3"));
        assertTrue(line.contains("x0") && line.contains("quadratic") && line.contains("dimX = 10"), line);
        line = userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "dimY=4", "--set", "y0=1,2"));
        assertTrue(line.contains("y0") && line.contains("dimY = 4"), line);
    }

    @Test void missingArgumentsAndUnknownCommands() {
        assertTrue(userError(run("solve", "--problem", "quadratic")).contains("--solver"));
        assertTrue(userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iteratons", "3")).contains("--iterations"));
        assertTrue(userError(run("frobnicate")).contains("solve"));
        assertTrue(userError(run()).contains("solve"));
    }

    @Test void listShowsEveryEntryAndOptionsWithDefaults() {
        Run r = run("list");
        assertEquals(0, r.code(), r.err());
        for (Catalog.ProblemEntry e : Catalog.problems().values()) assertTrue(r.out().contains(e.name()) && r.out().contains(e.description()), e.name());
        for (Catalog.SolverEntry e : Catalog.solvers().values()) assertTrue(r.out().contains(e.name()) && r.out().contains(e.description()), e.name());

        Run o = run("list", "--options");
        assertEquals(0, o.code(), o.err());
        Options declared = Options.empty();
        Catalog.solver("aid-cg", Catalog.problem("quadratic", Options.empty(), 0), declared, 0);
        for (Options.Declared d : declared.declared()) assertTrue(o.out().contains(d.key()), d.key());
        assertTrue(o.out().matches("(?s).*linearSteps\\s+=\\s+10\\s.*"), "defaults shown");

        Run one = run("list", "aid-neumann");
        assertTrue(one.out().contains("neumannStep") && !one.out().contains("aid-cg"), one.out());
        assertTrue(userError(run("list", "nope")).contains("aid-cg"));
    }

    @Test void defaultsAreShownShort() {
        assertEquals("0.01", ListCommand.shown("0.010000000000000002"));
        assertEquals("0.1", ListCommand.shown("0.1000000000000001"));
        assertEquals("1e-05", ListCommand.shown("1.0000000000000001E-5"));
        assertEquals("sgd", ListCommand.shown("sgd"));
    }

    @Test void demoPrintsAComparisonTable(@TempDir Path tmp) throws IOException {
        Run r = run("demo", "--iterations", "3", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("solver") && r.out().contains("gradient calls") && r.out().contains("testAccuracy")
                && r.out().contains("referenceOracle"), r.out());
        String md = Files.readString(tmp.resolve("summary.md"));
        for (String s : DemoCommand.SOLVERS) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(s + " ")), "row for " + s + ":\n" + r.out());
            assertTrue(md.contains("| " + s + " "), "summary row for " + s + ":\n" + md);
            Path run = tmp.resolve("runs").resolve(DemoCommand.TASK).resolve(NamedSpec.parse(s).dirName()).resolve("seed-0");
            JsonNode j = json(run.resolve("result.json"));
            assertEquals(3, j.get("iterations").asLong(), s);
        }
        assertTrue(Files.exists(tmp.resolve("results.json")));
    }

    @Test void divergingRunExitsWith3AndKeepsTheFiles(@TempDir Path tmp) throws IOException {
        // inner step 10 against an inner Lipschitz constant of 100: gradient descent on y blows up
        Path dir = tmp.resolve("div");
        Run r = run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "innerStep=10", "--iterations", "50", "--out", dir.toString());
        assertEquals(Main.DIVERGED, r.code(), r.out() + r.err());
        List<String> msg = r.err().lines().filter(l -> l.startsWith("diverged")).toList();
        assertEquals(1, msg.size(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        JsonNode j = json(dir.resolve("result.json"));
        assertEquals("diverged", j.get("status").asText());
        assertTrue(j.get("message").asText().contains("y (inner variable) grew from norm"), j.toString()); // caught by growth, before NaN
        assertTrue(j.get("iterations").asLong() < 50);
        for (JsonNode v : j.get("x")) assertTrue(Double.isFinite(v.asDouble()) && !v.isNull(), "last good iterate is finite");
        assertTrue(Files.readAllLines(dir.resolve("trace.csv")).size() >= 2);
    }

    @Test void benchListsSuitesAndRejectsUnknownOnes() {
        Run r = run("bench", "--list");
        assertEquals(0, r.code(), r.err());
        if (BenchSuites.all().isEmpty()) assertTrue(r.out().contains("no bench suites"), r.out());
        for (String s : BenchSuites.all().keySet()) assertTrue(r.out().contains(s), s);
        assertTrue(userError(run("bench", "no-such-suite")).contains("no-such-suite"));
        userError(run("bench"));
    }

    @Test void unexpectedErrorsAreOneLineWithAHint(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out").resolve("result.json")); // a folder where the result file goes
        Files.writeString(out.resolve("keep"), "x");
        Run r = run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "1", "--out", out.getParent().toString());
        assertEquals(1, r.code());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("--debug"), lines.get(0));
        assertFalse(r.err().contains("\tat "));
        Run d = run("--debug", "solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "1", "--out", out.getParent().toString());
        assertTrue(d.err().contains("\tat "), "stack trace with --debug");
    }

    @Test void dataListsTheDataSetsAndRejectsUnknownNames() {
        Run r = run("data", "list");
        assertEquals(0, r.code(), r.err());
        for (String n : org.bilevel4j.data.Datasets.names().keySet()) assertTrue(r.out().contains(n), r.out());
        assertTrue(userError(run("data", "fetch", "nope")).contains("known: mnist"));
        assertTrue(userError(run("data", "frobnicate")).contains("one of: list, fetch, verify"));
        assertTrue(userError(run("data", "fetch")).contains("needs data set names"));
        assertTrue(userError(run("data", "report", "mnist")).contains("./bilevel data report glyphs"));
    }
}
