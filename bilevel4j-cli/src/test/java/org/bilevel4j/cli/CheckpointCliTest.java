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
import java.util.Map;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code solve --checkpoint-every} and {@code solve --resume}: same result as an uninterrupted run, and clear errors. */
class CheckpointCliTest {
    /**
     * A run of 20 iterations checkpoints at 7 and 14; its checkpoint.json alone, copied into a fresh folder, resumes
     * at 14 and ends with the uninterrupted run's x, y, oracle counts and trace (bit for bit: the JSON numbers are equal).
     */
    @Test void resumedRunEndsWhereTheUninterruptedOneDid(@TempDir Path tmp) throws IOException {
        for (String[] c : new String[][] {{"stocbio", "outerRule=adam"}, {"minimaxopt-sgd", "stageLength=5"}, {"hoag", "maxInnerSteps=10"}}) {
            Path a = tmp.resolve(c[0] + "-a"), b = tmp.resolve(c[0] + "-b");
            CliTest.Run r = run("solve", "--problem", "quadratic", "--solver", c[0], "--set", c[1], "--iterations", "20", "--trace-every", "3",
                    "--checkpoint-every", "7", "--seed", "4", "--out", a.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode cp = json(a.resolve("checkpoint.json"));
            assertEquals(14, cp.get("iteration").asLong(), "last checkpoint before the end");
            Files.createDirectories(b);
            Files.copy(a.resolve("checkpoint.json"), b.resolve("checkpoint.json"));

            CliTest.Run s = run("solve", "--resume", b.toString());
            assertEquals(0, s.code(), s.err());
            assertTrue(s.err().contains("resuming at iteration 14"), s.err());
            JsonNode ja = json(a.resolve("result.json")), jb = json(b.resolve("result.json"));
            for (String k : List.of("x", "y", "oracles", "iterations", "status", "problem", "solver", "seed", "options", "stop", "final"))
                assertEquals(ja.get(k), jb.get(k), c[0] + ": " + k);
            List<String> ta = Files.readAllLines(a.resolve("trace.csv")), tb = Files.readAllLines(b.resolve("trace.csv"));
            assertEquals(ta.size(), tb.size(), "the trace continues, it does not restart");
            for (int i = 1; i < ta.size(); i++) assertEquals(withoutSeconds(ta.get(i)), withoutSeconds(tb.get(i)), c[0] + " trace row " + i);
            assertTrue(s.out().contains("wrote " + b.resolve("result.json")), s.out());
        }
    }

    /** The same with log-spaced rows (--trace-every auto), past the 100 iterations where they thin out. */
    @Test void resumedLogSpacedRunEndsWhereTheUninterruptedOneDid(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        CliTest.Run r = run("solve", "--problem", "quadratic", "--solver", "stocbio", "--iterations", "260", "--trace-every", "auto",
                "--checkpoint-every", "125", "--seed", "2", "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(250, json(a.resolve("checkpoint.json")).get("iteration").asLong());
        Files.createDirectories(b);
        Files.copy(a.resolve("checkpoint.json"), b.resolve("checkpoint.json"));
        CliTest.Run s = run("solve", "--resume", b.toString());
        assertEquals(0, s.code(), s.err());
        JsonNode ja = json(a.resolve("result.json")), jb = json(b.resolve("result.json"));
        for (String k : List.of("x", "y", "oracles", "iterations", "stop", "final")) assertEquals(ja.get(k), jb.get(k), k);
        List<String> ta = Files.readAllLines(a.resolve("trace.csv")), tb = Files.readAllLines(b.resolve("trace.csv"));
        assertEquals(1 + 101 + 15 + 1, ta.size(), "header, 0-100, 110-250, 260");
        assertEquals(ta.size(), tb.size());
        for (int i = 1; i < ta.size(); i++) assertEquals(withoutSeconds(ta.get(i)), withoutSeconds(tb.get(i)), "trace row " + i);
    }

    /** A diverging run keeps the checkpoint of its last good iteration. */
    @Test void divergedRunKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("div");
        // inner step just above 2/L = 0.02: y grows about 2.6 times per iteration, caught as growth after some good iterations
        CliTest.Run r = run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "innerStep=0.021", "--iterations", "50",
                "--checkpoint-every", "1", "--out", dir.toString());
        assertEquals(Main.DIVERGED, r.code(), r.out() + r.err());
        long good = json(dir.resolve("result.json")).get("iterations").asLong();
        assertTrue(good >= 2, "some good iterations: " + good);
        JsonNode cp = json(dir.resolve("checkpoint.json"));
        assertEquals(good, cp.get("iteration").asLong());
        for (JsonNode v : cp.get("state").get("vectors").get("x")) assertTrue(v.isNumber(), "finite x in the checkpoint");
    }

    @Test void resumeErrorsAreOneClearLine(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(userError(run("solve", "--resume", empty.toString())).contains("no checkpoint"));
        assertTrue(userError(run("solve", "--resume", tmp.resolve("nowhere").toString())).contains("no checkpoint"));

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("checkpoint.json"), "{\"format\": \"bilevel4j-checkpoint\", \"version\": 1, \"problem\": ");
        assertTrue(userError(run("solve", "--resume", bad.toString())).contains("checkpoint corrupt"));
        Files.writeString(bad.resolve("checkpoint.json"), "{\"format\": \"bilevel4j-checkpoint\", \"version\": 1, \"problem\": \"quadratic\"}");
        assertTrue(userError(run("solve", "--resume", bad.toString())).contains("checkpoint corrupt"));
        Files.writeString(bad.resolve("checkpoint.json"), "[1, 2]");
        assertTrue(userError(run("solve", "--resume", bad.toString())).contains("checkpoint corrupt"));

        Path ok = tmp.resolve("ok");
        assertEquals(0, run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "4", "--checkpoint-every", "2",
                "--out", ok.toString()).code());
        String line = userError(run("solve", "--resume", ok.toString(), "--problem", "quadratic"));
        assertTrue(line.contains("--problem"), line);
        line = userError(run("solve", "--resume", ok.toString(), "--set", "innerSteps=3", "--iterations", "9"));
        assertTrue(line.contains("--set") && line.contains("--iterations"), line);
        assertTrue(userError(run("solve", "--resume", ok.toString(), "--checkpoint-every", "soon")).contains("--checkpoint-every"));
        assertTrue(userError(run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--checkpoint-every", "-3")).contains("--checkpoint-every"));

        // a checkpoint whose state misses a field of its solver (hand-edited, or from another version)
        String text = Files.readString(ok.resolve("checkpoint.json")).replace("\"outer.steps\"", "\"renamed\"");
        Files.writeString(ok.resolve("checkpoint.json"), CheckpointPropertiesTest.resigned(text)); // past the checksum, to the field check
        assertTrue(userError(run("solve", "--resume", ok.toString())).contains("outer.steps"));
    }

    @Test void cadenceParses() {
        assertEquals(new CheckpointEvery(100, 0), CheckpointEvery.parse("100"));
        assertEquals(new CheckpointEvery(0, 60), CheckpointEvery.parse("60s"));
        assertEquals(new CheckpointEvery(0, 600), CheckpointEvery.parse("10m"));
        assertEquals(new CheckpointEvery(0, 5400), CheckpointEvery.parse("1.5h"));
        assertFalse(CheckpointEvery.parse("off").enabled());
        for (String s : List.of("100", "60s", "off")) assertEquals(s, CheckpointEvery.parse(s).toString());
        assertThrows(IllegalArgumentException.class, () -> CheckpointEvery.parse("0s"));
        assertThrows(IllegalArgumentException.class, () -> CheckpointEvery.parse("x"));
    }

    /** The file keeps every number bit for bit, NaN, infinities, -0 and subnormals included. */
    @Test void fileRoundTripsNumbersExactly(@TempDir Path tmp) {
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE,
                0.1 + 0.2, Math.PI, -1e-310, 1.0 / 3};
        Snapshot s = new Snapshot().putArray("x", odd).put("a", -0.0).put("b", Double.NaN).putLong("iteration", 5).putLong("big", Long.MIN_VALUE);
        OracleCounts counts = new OracleCounts();
        counts.set(Oracle.innerHvp, 12, 340);
        TraceRow row = new TraceRow(5, 0.25, Map.of("innerHvp", 12L), Math.E, Double.NaN, Double.POSITIVE_INFINITY, 1e-300,
                Map.of("accuracy", 0.5), Map.of("L", -0.0));
        SolveRun.Setup setup = new SolveRun.Setup("quadratic", "aid-cg", -7, Map.of("innerSteps", "3"),
                StopRule.iterations(9).withTraceEvery(2).withMaxOracleCalls(1000).withTolerance(1e-9));
        assertDoesNotThrow(() -> Checkpoint.write(tmp, setup, CheckpointEvery.parse("30s"), s, List.of(row), counts, 1.5));
        Checkpoint.Loaded l = Checkpoint.parse(tmp); // the format alone: these values would not pass validation
        assertEquals(setup, l.setup());
        assertEquals("30s", l.every().toString());
        double[] back = l.resume().state().vec("x").toArray();
        for (int i = 0; i < odd.length; i++) assertEquals(Double.doubleToRawLongBits(odd[i]), Double.doubleToRawLongBits(back[i]), "entry " + i);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(l.resume().state().num("a")));
        assertTrue(Double.isNaN(l.resume().state().num("b")));
        assertEquals(Long.MIN_VALUE, l.resume().state().integer("big"));
        assertEquals(12, l.resume().counts().get(Oracle.innerHvp));
        assertEquals(340, l.resume().counts().samples(Oracle.innerHvp));
        assertEquals(1.5, l.resume().seconds());
        TraceRow r = l.resume().trace().get(0);
        assertEquals(row, new TraceRow(r.iteration(), r.seconds(), Map.copyOf(r.oracles()), r.outerValue(), r.innerGradNorm(),
                r.distanceToSolution(), r.hypergradError(), Map.copyOf(r.metrics()), Map.copyOf(r.extras())));
        assertFalse(Files.exists(tmp.resolve("checkpoint.json.tmp")), "written through a temporary file, then moved");
    }

    private static String withoutSeconds(String csvRow) {
        String[] f = csvRow.split(",", -1);
        f[1] = "";
        return String.join(",", f);
    }

}
