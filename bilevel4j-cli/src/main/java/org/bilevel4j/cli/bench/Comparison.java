package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bilevel4j.cli.ProgressListener;
import org.bilevel4j.cli.ResultJson;
import org.bilevel4j.cli.SolveRun;
import org.bilevel4j.cli.Table;
import org.bilevel4j.cli.report.RunSettings;
import org.bilevel4j.solver.StopRule;

/**
 * Runs every (task, solver, seed) of a comparison and reports them. Each run is saved as soon as it ends,
 * in {@code OUT/runs/TASK/SOLVER/seed-S/{result.json,trace.csv}}; a run whose result.json is there and
 * records the same problem, solver, seed, options and stop rule is loaded instead of run again, so an
 * interrupted bench resumes where it stopped. Diverged runs are kept as they are; failed runs (an
 * exception) are recorded with status "failed" and tried again on the next call. At the end:
 * {@code OUT/results.json} (every run), {@code OUT/summary.md} (mean ± std overview tables, then a table per task) and
 * {@code OUT/plots/TASK/*.{svg,png}} and {@code OUT/report.html} ({@link BenchReport}).
 */
public final class Comparison {
    private Comparison() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What to compare. A run's options are {@code sets}, then its task's options, then its solver's (a later
     * one wins); every key must be read by the problem or the solver of that run.
     */
    public record Config(List<NamedSpec> tasks, List<NamedSpec> solvers, List<Long> seeds, StopRule stop, Map<String, String> sets, Path out) {
        public Config {
            if (tasks.isEmpty() || solvers.isEmpty()) throw new IllegalArgumentException("a comparison needs at least one task and one solver");
            if (seeds.isEmpty()) throw new IllegalArgumentException("a comparison needs at least one seed");
            if (seeds.stream().distinct().count() != seeds.size()) throw new IllegalArgumentException("seeds repeat: " + seeds);
            for (NamedSpec t : tasks)
                for (String k : t.options().keySet()) {
                    int dot = k.indexOf('.');
                    if (dot >= 0 && !org.bilevel4j.Catalog.solvers().containsKey(k.substring(0, dot)))
                        throw new IllegalArgumentException("task '" + t.label() + "': option '" + k + "' is SOLVER.KEY but '"
                                + k.substring(0, dot) + "' is not a solver; known: " + String.join(", ", org.bilevel4j.Catalog.solvers().keySet()));
                }
            tasks = List.copyOf(tasks);
            solvers = List.copyOf(solvers);
            seeds = List.copyOf(seeds);
            sets = new LinkedHashMap<>(sets);
        }
    }

    /** Every run in order, how many were run now and how many were loaded from an earlier call. */
    public record Report(List<RunRecord> runs, int ran, int loaded) {
        public List<RunRecord> failed() { return runs.stream().filter(r -> !r.hasResults()).toList(); }
    }

    public static Report run(Config c, PrintWriter log) throws IOException { return run(c, log, org.bilevel4j.cli.CheckpointEvery.OFF); }

    /**
     * As {@link #run(Config, PrintWriter)}, and each run writes RUN/checkpoint.json at {@code midRun} (when enabled): an
     * interrupted run continues from its last checkpoint on the next call instead of starting over.
     */
    public static Report run(Config c, PrintWriter log, org.bilevel4j.cli.CheckpointEvery midRun) throws IOException {
        RunSettings.started(c.out(), settings(c));
        List<RunRecord> runs = new ArrayList<>();
        int ran = 0, loaded = 0, k = 0, total = c.tasks().size() * c.solvers().size() * c.seeds().size();
        for (NamedSpec task : c.tasks())
            for (NamedSpec solver : c.solvers())
                for (long seed : c.seeds()) {
                    String label = String.format(Locale.ROOT, "[%d/%d] %s  %s  seed %d", ++k, total, task.label(), solver.label(), seed);
                    Path dir = runDir(c, task, solver, seed);
                    SolveRun.Setup s = new SolveRun.Setup(task.name(), solver.name(), seed, options(c.sets(), task, solver), c.stop());
                    JsonNode result = finished(dir.resolve("result.json"), s);
                    if (result != null) {
                        loaded++;
                        log.println(label + ": loaded from an earlier run");
                    } else {
                        result = runOne(s, dir, label, log, midRun);
                        ran++;
                    }
                    RunRecord r = new RunRecord(task.label(), solver.label(), seed, dir, result);
                    log.println(label + ": " + oneLine(r));
                    log.flush();
                    runs.add(r);
                }
        report(c, runs, log);
        Report r = new Report(List.copyOf(runs), ran, loaded);
        log.println();
        log.println(runs.size() + " runs: " + ran + " run now, " + loaded + " loaded from earlier" + (r.failed().isEmpty() ? ""
                : ", " + r.failed().size() + " FAILED (see summary.md; they run again next time)"));
        log.flush();
        return r;
    }

    /**
     * {@code sets}, then the task's options, then the solver's, then the task's options written
     * {@code SOLVER.KEY=VALUE}, which reach only the runs of solver SOLVER (by name) on that task, as
     * {@code KEY=VALUE}: a per-task tuning such as {@code poison:spnbo.beta1=650000}.
     */
    public static Map<String, String> options(Map<String, String> sets, NamedSpec task, NamedSpec solver) {
        Map<String, String> m = new LinkedHashMap<>(sets), forSolver = new LinkedHashMap<>();
        String prefix = solver.name() + ".";
        task.options().forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot < 0) m.put(k, v);
            else if (k.startsWith(prefix)) forSolver.put(k.substring(prefix.length()), v);
        });
        m.putAll(solver.options());
        m.putAll(forSolver);
        return m;
    }

    /** The stored result when it exists, parses, did not fail and was run with the same setup; otherwise null. */
    static JsonNode finished(Path file, SolveRun.Setup s) throws IOException {
        if (!Files.exists(file)) return null;
        JsonNode j;
        try {
            j = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return null; // unreadable: run again
        }
        if (j == null || "failed".equals(j.path("status").asText()) || !ResultJson.sameSetup(j, s)) return null;
        return j;
    }

    /** Where the run of (task, solver, seed) keeps its files. */
    static Path runDir(Config c, NamedSpec task, NamedSpec solver, long seed) {
        return c.out().resolve("runs").resolve(task.dirName()).resolve(solver.dirName()).resolve("seed-" + seed);
    }

    /** Runs and writes one run; an exception is recorded as status "failed" and does not stop the bench. */
    static JsonNode runOne(SolveRun.Setup s, Path dir, String label, PrintWriter log, org.bilevel4j.cli.CheckpointEvery midRun)
            throws IOException {
        ProgressListener progress = new ProgressListener(label, log, ProgressListener.terminal());
        try {
            if (midRun.enabled()) SolveRun.runOrResume(s, dir, List.of(progress), midRun, log);
            else SolveRun.run(s, dir, List.of(progress));
        } catch (RuntimeException e) {
            if (SolveRun.inUse(e)) throw e; // another process writes that folder: leave its files alone
            progress.onEnd(null);
            Files.createDirectories(dir);
            ResultJson.writeFailed(dir.resolve("result.json"), s, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return MAPPER.readTree(dir.resolve("result.json").toFile());
    }

    private static String oneLine(RunRecord r) {
        if (!r.hasResults()) return "FAILED: " + r.message();
        return String.format(Locale.ROOT, "%s after %d iterations, %.2f s, outer value %s%s", r.status(), r.iterations(), r.wallSeconds(),
                Table.num(r.finalValue("outerValue")),
                Double.isNaN(r.finalValue("distanceToSolution")) ? "" : ", distance " + Table.num(r.finalValue("distanceToSolution")));
    }

    /** results.json, summary.md and the plots; prints each task's table. */
    static void report(Config c, List<RunRecord> runs, PrintWriter log) throws IOException {
        ArrayNode all = MAPPER.createArrayNode();
        for (RunRecord r : runs) all.add(r.toJson(c.out()));
        AtomicFile.write(c.out().resolve("results.json"), out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, all));

        RunSettings.finished(c.out()); // the runs are all there: the report has no "still being written" banner
        String report = BenchReport.tryWrite(c.out(), log); // it also draws the plots that summary.md shows
        List<String> solvers = c.solvers().stream().map(NamedSpec::label).toList();
        StringBuilder md = new StringBuilder("# Bench results\n\n").append("Seeds ").append(c.seeds()).append(", ").append(stop(c.stop()))
                .append(c.sets().isEmpty() ? "" : ", options " + c.sets()).append(". Every run: `runs/`; all numbers: `results.json`.\n\n");
        md.append(OverviewMarkdown.section(c.tasks().stream().map(NamedSpec::label).toList(), solvers, runs));
        for (NamedSpec task : c.tasks()) {
            List<RunRecord> mine = runs.stream().filter(r -> r.task().equals(task.label())).toList();
            md.append(SummaryMarkdown.section(task.label(), mine, solvers, stop(c.stop())));
            for (String png : CurvePlots.pngs(c.out().resolve("plots").resolve(task.dirName())))
                md.append("![").append(png).append("](plots/").append(task.dirName()).append('/').append(png).append(")\n");
            md.append('\n');
            log.println();
            log.println(task.label() + " (median [min, max] over seeds):");
            SummaryMarkdown.table(mine, solvers).print(log);
        }
        AtomicFile.writeString(c.out().resolve("summary.md"), md.toString());
        log.println();
        log.println("report: " + report);
        log.flush();
    }

    /** What settings.json records about a comparison (besides the machine). */
    static Map<String, Object> settings(Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seeds", c.seeds());
        m.put("stop", stop(c.stop()));
        m.put("options", c.sets());
        m.put("tasks", c.tasks().stream().map(NamedSpec::label).toList());
        m.put("solvers", c.solvers().stream().map(NamedSpec::label).toList());
        return m;
    }

    /** The stop rule in words, e.g. "at most 500 outer iterations or 60 s". */
    static String stop(StopRule s) {
        String t = "at most " + s.maxIterations() + " outer iterations";
        if (Double.isFinite(s.maxSeconds())) t += " or " + Table.num(s.maxSeconds()) + " s";
        if (s.maxOracleCalls() != Long.MAX_VALUE) t += " or " + s.maxOracleCalls() + " oracle calls";
        return t;
    }
}
