package org.bilevel4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.cli.bench.BenchContext;
import org.bilevel4j.cli.bench.BenchSuite;
import org.bilevel4j.cli.bench.BenchSuites;
import org.bilevel4j.solver.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bilevel bench SUITE}: runs a registered benchmark or reproduction suite ({@link BenchSuites}). */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a benchmark or reproduction suite; --list shows the suites.")
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SUITE", description = "Suite name (see 'bilevel bench --list').")
    String suite;

    @Option(names = "--list", description = "List the suites.")
    boolean list;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/bench-<suite>-<timestamp>).")
    Path out;

    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", paramLabel = "N,N,...", description = "Seeds (default ${DEFAULT-VALUE}).")
    List<Long> seeds = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Option passed to the suite.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--quick", description = "A small, fast version of the suite (for tests and CI).")
    boolean quick;

    @Override public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Map<String, BenchSuite> all = BenchSuites.all();
        if (list) {
            if (all.isEmpty()) o.println("no bench suites are registered in this build");
            int w = 0;
            for (String n : all.keySet()) w = Math.max(w, n.length());
            for (BenchSuite s : all.values()) o.println("  " + s.name() + " ".repeat(w - s.name().length()) + "  " + s.description());
            o.flush();
            return 0;
        }
        if (suite == null)
            throw new IllegalArgumentException("bench needs a SUITE name; " + (all.isEmpty() ? "no bench suites are registered in this build"
                    : "known: " + String.join(", ", all.keySet())));
        if (all.isEmpty())
            throw new IllegalArgumentException("unknown bench suite '" + suite + "': no bench suites are registered in this build");
        BenchSuite s = BenchSuites.get(suite);
        if (seeds.isEmpty()) throw new IllegalArgumentException("--seeds needs at least one seed");
        Path dir = out != null ? out : SolveRun.defaultDir("bench-" + suite);
        Files.createDirectories(dir);
        PrintStream log = new PrintStream(new LineForwarder(o), true, StandardCharsets.UTF_8);
        s.run(new BenchContext(dir, List.copyOf(seeds), new Options(SolveRun.given(sets)), log, quick));
        log.flush();
        o.println("bench " + suite + ": results in " + dir);
        o.flush();
        return 0;
    }

    /** Forwards a byte stream to the command's writer line by line (suites log to a PrintStream). */
    private static final class LineForwarder extends OutputStream {
        private final PrintWriter target;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineForwarder(PrintWriter target) { this.target = target; }

        @Override public synchronized void write(int b) {
            buf.write(b);
            if (b == '\n') flush();
        }

        @Override public synchronized void flush() {
            if (buf.size() == 0) return;
            target.print(buf.toString(StandardCharsets.UTF_8));
            target.flush();
            buf.reset();
        }
    }
}
