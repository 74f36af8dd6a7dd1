package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench benchopt --quick}: every quick solver on the three stand-in tasks, refit columns, the levels table, curves against samples. */
class BenchoptSuiteTest {
    @Test void quickRunsEverySolverAndWritesTheLevelsTable(@TempDir Path dir) throws Exception {
        BenchContext ctx = new BenchContext(dir, List.of(0L), new Options(Map.of()), new PrintStream(OutputStream.nullOutputStream()), true);
        BenchSuite s = BenchSuites.get("benchopt");
        s.validate(ctx);
        s.run(ctx);
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.startsWith("# benchopt: time and samples to given levels"), md);
        for (String q : List.of("hypergradNormSquared", "testAccuracy", "testAccuracyRefit", "validationLoss", "validationLossRefit"))
            assertTrue(md.contains("— ") && md.contains(q), q + ":\n" + md);
        for (String solver : BenchoptSuite.QUICK_SOLVERS)
            assertTrue(md.lines().anyMatch(l -> l.startsWith("| " + solver + " ")), solver + ":\n" + md);
        assertFalse(md.contains("failed"), md);
        assertTrue(md.contains("benchopt's curve (median over seeds at each trace iteration"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| saba ") && l.contains(" (") && l.contains(")")), md); // best at s / passes (iteration)
        // curves against samples processed, and the refit (every row) drawn as a curve
        try (var files = Files.walk(dir.resolve("plots"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("hypergradNormSquared-vs-samples.svg"), names.toString());
            assertTrue(names.contains("testAccuracyRefit-vs-time.svg"), names.toString());
        }
    }

    /** parallel=2 runs the same runs as one at a time, to the bit (both on one kernel thread), and says a bad N is bad. */
    @Test void parallelRunsGiveTheSameResults(@TempDir Path dir) throws Exception {
        String before = System.getProperty("bilevel4j.threads");
        System.setProperty("bilevel4j.threads", "1");
        try {
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            BenchSuite s = BenchSuites.get("benchopt");
            s.run(new BenchContext(dir.resolve("one"), List.of(0L, 1L), new Options(Map.of()), quiet, true));
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            s.run(new BenchContext(dir.resolve("two"), List.of(0L, 1L), new Options(Map.of("parallel", "2")), new PrintStream(log, true), true));
            assertTrue(log.toString().contains(", 2 at once] "), log.toString()); // they did run on the pool
            ObjectMapper json = new ObjectMapper();
            List<Path> results;
            try (var files = Files.walk(dir.resolve("one/runs"))) {
                results = files.filter(p -> p.getFileName().toString().equals("result.json")).toList();
            }
            assertEquals(2 * BenchoptSuite.QUICK_TASKS.size() * BenchoptSuite.QUICK_SOLVERS.size(), results.size());
            for (Path one : results) {
                JsonNode a = json.readTree(one.toFile()), b = json.readTree(dir.resolve("two").resolve(dir.resolve("one").relativize(one)).toFile());
                assertEquals(a.get("final"), b.get("final"), one.toString());
                assertEquals(a.get("oracles"), b.get("oracles"), one.toString());
            }
            BenchContext bad = new BenchContext(dir.resolve("bad"), List.of(0L), new Options(Map.of("parallel", "0")), quiet, true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.run(bad));
            assertTrue(e.getMessage().contains("parallel=0 must be a whole number >= 1"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("bilevel4j.threads");
            else System.setProperty("bilevel4j.threads", before);
        }
    }

    @Test void suiteKeysNeedTheirFiles(@TempDir Path dir) {
        BenchContext ctx = new BenchContext(dir, List.of(0L), new Options(Map.of("ijcnn1Val", "/x")), new PrintStream(OutputStream.nullOutputStream()), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchSuites.get("benchopt").validate(ctx));
        assertTrue(e.getMessage().contains("ijcnn1=PATH"), e.getMessage());
    }

    /** covtype is centered and scaled as benchopt's (StandardScaler on the training rows); ijcnn1 is read as it is (its values are within [-1, 1]). */
    @Test void covtypeIsStandardizedAsBenchoptDoes(@TempDir Path dir) {
        BenchContext ctx = new BenchContext(dir, List.of(0L), new Options(Map.of("covtype", "/data/covtype.libsvm", "ijcnn1", "/data/ijcnn1.tr")),
                new PrintStream(OutputStream.nullOutputStream()), false);
        List<String> tasks = BenchoptSuite.comparison(ctx).tasks();
        assertTrue(tasks.stream().anyMatch(t -> t.startsWith("weightdecay:dataset=libsvm:decayPer=parameter:scale=standard:file=") && t.contains("covtype.libsvm")), tasks.toString());
        assertTrue(tasks.stream().anyMatch(t -> t.startsWith("weightdecay:dataset=libsvm:file=") && t.contains("ijcnn1.tr") && !t.contains("scale=")), tasks.toString());
    }
}
