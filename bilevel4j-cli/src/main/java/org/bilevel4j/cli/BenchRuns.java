package org.bilevel4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bilevel4j.cli.bench.Comparison;
import org.bilevel4j.cli.bench.NamedSpec;

/** What a bench checks before its first run and reads after its last: option checks, and the runs that failed. */
public final class BenchRuns {
    private BenchRuns() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Builds every (task, solver) of the comparison once, with the first seed and the options its runs get, so that a
     * bad value or an unknown key is a user error (exit 2) before anything runs, not a failed run in the summary.
     */
    public static void validate(Comparison.Config c) {
        for (NamedSpec task : c.tasks())
            for (NamedSpec solver : c.solvers()) {
                SolveRun.Setup s = new SolveRun.Setup(task.name(), solver.name(), c.seeds().get(0), Comparison.options(c.sets(), task, solver), c.stop());
                try {
                    SolveRun.build(s);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("task " + task.label() + ", solver " + solver.label() + ": " + e.getMessage(), e);
                }
            }
    }

    /** "TASK/SOLVER/seed-S: message" of every run under DIR/runs whose result.json says "failed" (read without the lock). */
    static List<String> failed(Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) return out;
        try (Stream<Path> s = Files.walk(runs)) {
            for (Path f : s.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList()) {
                JsonNode j;
                try {
                    j = MAPPER.readTree(f.toFile());
                } catch (IOException e) {
                    continue; // not ours to judge: the bench reruns what it cannot read
                }
                if (j != null && "failed".equals(j.path("status").asText()))
                    out.add(runs.relativize(f.getParent()).toString().replace('\\', '/') + ": " + Main.oneLine(j.path("message").asText("")));
            }
        }
        return out;
    }
}
