package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fewshot-table --quick on 5-way 1-shot: every solver's row beside the papers' Omniglot numbers (the runs two at once,
 * parallel=2), and a mid-run checkpoint resumed by a sequential call.
 */
class FewShotTableTest {
    @Test void quickTableHasEverySolverBesideThePapersAndResumesFromItsCheckpoints(@TempDir Path dir) throws Exception {
        RealDataRule.require("glyphs");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        BenchContext atOnce = new BenchContext(dir, List.of(0L), new Options(Map.of("shapes", "5x1", "threads", "1", "parallel", "2")), out, true);
        BenchSuites.get("fewshot-table").validate(atOnce);
        BenchSuites.get("fewshot-table").run(atOnce);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("2 at once"), bytes.toString(StandardCharsets.UTF_8));
        String md = Files.readString(dir.resolve("fewshot-table.md"));
        assertTrue(md.startsWith("# Few-shot learning on glyphs"), md);
        assertTrue(md.contains("a different data set"), md);
        for (String s : FewShotTable.TABLE) {
            String row = md.lines().filter(l -> l.startsWith("| " + s + " ")).findFirst().orElse("");
            assertTrue(row.contains("max-iterations") && row.matches(".*\\|\\s*\\d+\\.\\d\\d ± \\d+\\.\\d\\d\\s*\\|.*"), "row of " + s + ":\n" + md);
        }
        assertTrue(md.contains("96.70 ± 0.32 (SPNBO T5)") && md.contains("98.85 (BVFIM T4)"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| referencePretrained ") && l.contains("s training")), md);

        // the runs checkpoint mid-run; an interrupted one (result.json gone) continues from its checkpoint
        Path run;
        try (Stream<Path> s = Files.walk(dir.resolve("runs"))) {
            run = s.filter(p -> p.getFileName().toString().equals("checkpoint.json")).findFirst().orElseThrow().getParent();
        }
        Files.delete(run.resolve("result.json"));
        bytes.reset();
        BenchContext ctx = new BenchContext(dir, List.of(0L), new Options(Map.of("shapes", "5x1", "threads", "1")), out, true);
        BenchSuites.get("fewshot-table").run(ctx); // the same runs (parallel is the suite's option, not the runs')
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("resuming at iteration"), log);
        assertTrue(Files.exists(run.resolve("result.json")));
        assertFalse(log.contains("FAILED"), log);
    }
}
