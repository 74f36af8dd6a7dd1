package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        // curves against samples processed, and the refit (every row) drawn as a curve
        try (var files = Files.walk(dir.resolve("plots"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("hypergradNormSquared-vs-samples.svg"), names.toString());
            assertTrue(names.contains("testAccuracyRefit-vs-time.svg"), names.toString());
        }
    }

    @Test void suiteKeysNeedTheirFiles(@TempDir Path dir) {
        BenchContext ctx = new BenchContext(dir, List.of(0L), new Options(Map.of("ijcnn1Val", "/x")), new PrintStream(OutputStream.nullOutputStream()), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchSuites.get("benchopt").validate(ctx));
        assertTrue(e.getMessage().contains("ijcnn1=PATH"), e.getMessage());
    }
}
