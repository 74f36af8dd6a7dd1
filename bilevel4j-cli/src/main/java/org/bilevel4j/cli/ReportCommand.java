package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bilevel4j.cli.bench.BenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bilevel report DIR}: rebuilds DIR/report.html from what the folder holds, running nothing. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild DIR/report.html from a solve, demo or bench folder, finished or still running, without running anything:",
                "summary tables, plots (remade from the traces as SVG and PNG), run settings and links to every run's files.",
                "The page is self-contained (no script, no network): open it in any browser, e.g. xdg-open DIR/report.html."})
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The folder (what solve --out, demo --out or bench --out wrote).")
    Path dir;

    @Override public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no folder " + dir + "; give the folder a solve, demo or bench run wrote (its --out)");
        Path out = BenchReport.write(dir);
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out);
        o.flush();
        return 0;
    }
}
