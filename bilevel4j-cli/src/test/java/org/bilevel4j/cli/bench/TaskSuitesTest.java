package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quick forms of the task suites: every solver row in summary.md, each run finished with its metrics. */
class TaskSuitesTest {
    /** Each solver has a row with a finished run (not failed) and every expected metric column is there. */
    static void assertRows(String md, List<String> solvers, List<String> columns) {
        for (String c : columns) assertTrue(md.contains(c), "column " + c + ":\n" + md);
        for (String s : solvers) {
            List<String> rows = md.lines().filter(l -> l.startsWith("| " + s + " ")).toList();
            assertFalse(rows.isEmpty(), "row for " + s + ":\n" + md);
            assertTrue(rows.stream().anyMatch(row -> row.contains("1 max-iterations")), "a finished run of " + s + ":\n" + md);
        }
        assertFalse(md.contains("failed") || md.contains("diverged"), md);
    }

    @Test void hypercleanMnistQuick(@TempDir Path dir) throws Exception {
        RealDataRule.require("mnist");
        BenchSuites.get("hyperclean-mnist").run(HessianFreeSuitesTest.quick(dir));
        String md = Files.readString(dir.resolve("summary.md"));
        assertRows(md, HypercleanMnist.SOLVERS, List.of("testAccuracy", "f1", "referenceUniform", "referenceOracle"));
        assertTrue(md.contains("## " + HypercleanMnist.QUICK_TASK), md);
    }

    @Test void bvfimTableQuickHasOursNextToThePapers(@TempDir Path dir) throws Exception {
        RealDataRule.require("mnist");
        new HypercleanBvfimTable(List.of("mnist")).run(HessianFreeSuitesTest.quick(dir));
        String md = Files.readString(dir.resolve("summary.md"));
        assertTrue(md.startsWith("# BVFIM Table 3"), md);
        assertRows(md, HypercleanBvfimTable.SOLVERS, List.of("paper accuracy", "testAccuracy", "f1"));
        // the paper's BVFIM row on MNIST, next to ours
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| " + HypercleanBvfimTable.SOLVERS.get(5) + " ") && l.replace(" ", "").contains("|90.41|91.19|")), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| minimaxopt") && l.replace(" ", "").endsWith("|-|-|-|")), "no paper numbers: " + md);
    }

    @Test void weightDecayQuick(@TempDir Path dir) throws Exception {
        RealDataRule.require("spam");
        BenchSuites.get("weightdecay").run(HessianFreeSuitesTest.quick(dir));
        String md = Files.readString(dir.resolve("summary.md"));
        assertRows(md, WeightDecaySuite.SOLVERS, List.of("## weightdecay:samples=200:features=10", "## " + WeightDecaySuite.SPAM));
    }
}
