package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HessianFreeSuitesTest {
    static BenchContext quick(Path out) { return new BenchContext(out, List.of(1L), Options.empty(), new PrintStream(PrintStream.nullOutputStream()), true); }

    @Test void toyFigure1WritesTableAndPlots(@TempDir Path dir) throws Exception {
        BenchSuites.get("toy-figure1").run(quick(dir));
        long methods = ToyFigure1Suite.METHODS.keySet().stream().filter(Catalog.solvers()::containsKey).count();
        assertTrue(methods >= 2, "bvfim and aid-cg at least");
        List<String> csv = Files.readAllLines(dir.resolve("table.csv"));
        assertEquals(1 + methods * 2 * 6, csv.size(), "header + one row per (n, method, start)");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("10,bvfim,4,")));
        String md = Files.readString(dir.resolve("table.md"));
        assertEquals(methods * 2 * 6, md.lines().filter(l -> l.matches("\\| (1|10) \\| .*")).count());
        for (String m : ToyFigure1Suite.METHODS.keySet()) {
            if (!Catalog.solvers().containsKey(m)) continue;
            for (int n : new int[] {1, 10}) {
                assertTrue(Files.size(dir.resolve("x-" + m + "-n" + n + ".png")) > 0);
                assertTrue(Files.size(dir.resolve("F-" + m + "-n" + n + ".png")) > 0);
            }
        }
    }

    @Test void minimaxExampleWritesStagesAndPlot(@TempDir Path dir) throws Exception {
        BenchSuites.get("minimax-example").run(quick(dir));
        List<String> csv = Files.readAllLines(dir.resolve("stages.csv"));
        assertEquals(1 + 4, csv.size(), "header + one row per stage");
        for (String line : csv.subList(1, csv.size())) {
            double gap = Double.parseDouble(line.split(",")[4]);
            assertTrue(gap < 1e-3, "x tracks x*_alpha at every stage end: " + line);
        }
        assertTrue(Files.readString(dir.resolve("stages.md")).contains("| 3 | 8 |"));
        assertTrue(Files.size(dir.resolve("x.png")) > 0);
    }
}
