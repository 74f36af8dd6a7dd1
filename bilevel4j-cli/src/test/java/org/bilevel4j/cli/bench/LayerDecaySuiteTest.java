package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerdecay --quick} (synthetic images, a tiny ResNet): every method finishes, test accuracy is reported and plotted. */
class LayerDecaySuiteTest {
    @Test void quickRunsEveryMethodAndPlotsAccuracyAgainstTimeAndOracles(@TempDir Path dir) throws Exception {
        BenchSuites.get("layerdecay").run(HessianFreeSuitesTest.quick(dir));
        String md = Files.readString(dir.resolve("summary.md"));
        TaskSuitesTest.assertRows(md, LayerDecaySuite.SOLVERS, List.of("testAccuracy", "validationAccuracy", "meanLogDecay"));
        try (var plots = Files.walk(dir.resolve("plots"))) {
            List<String> names = plots.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("testAccuracy-vs-time.svg") && names.contains("testAccuracy-vs-gradient-calls.svg"), names.toString());
        }
    }
}
