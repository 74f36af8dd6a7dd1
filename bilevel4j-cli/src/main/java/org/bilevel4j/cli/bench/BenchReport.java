package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bilevel4j.cli.Table;
import org.bilevel4j.cli.report.Html;
import org.bilevel4j.cli.report.Markdown;
import org.bilevel4j.cli.report.RunSettings;
import org.bilevel4j.problem.Metric;

/**
 * {@code DIR/report.html}, rebuilt from what a folder holds, without running anything: a solve run (result.json,
 * trace.csv), a suite's own tables and plots (top-level *.md but summary.md, top-level *.svg), and a comparison
 * (runs/TASK/SOLVER/seed-S/: summary tables and plots made afresh from the traces, a table of every run with links
 * to its files), then the run settings (settings.json). A banner says when the folder is still being written or
 * did not finish. Self-contained: inline SVG and CSS, no script; the only links are to the folder's own files.
 */
public final class BenchReport {
    private BenchReport() {}

    public static final String FILE = "report.html";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Writes DIR/report.html and returns its path. */
    public static Path write(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no folder " + dir + "; give the folder a solve, demo or bench run wrote");
        ObjectNode settings = RunSettings.read(dir);
        String command = settings.path("command").asText("");
        String title = command.startsWith("bilevel ") ? command : "bilevel4j report: " + dir.getFileName();
        StringBuilder b = new StringBuilder("<h1>").append(Html.escape(title)).append("</h1>\n");
        b.append("<p>Folder <code>").append(Html.escape(dir.toString())).append("</code>. Seconds are solver time. Every number is in ")
                .append("the folder's files, linked below.</p>\n");
        boolean runs = Files.isDirectory(dir.resolve("runs")), single = Files.exists(dir.resolve("result.json"));
        if (RunSettings.inProgress(dir))
            b.append("<div class=\"banner\"><strong>Still being written</strong> (a run started ").append(Html.escape(firstLine(dir.resolve(RunSettings.MARKER))))
                    .append(" and has not finished, or was stopped before the end): this report shows what was finished when it was made. Run <code>./bilevel report ")
                    .append(Html.escape(dir.toString())).append("</code> again for a newer one.</div>\n");
        else if (runs && !Files.exists(dir.resolve("results.json")))
            b.append("<div class=\"banner\"><strong>Incomplete</strong>: the folder has no results.json, so its bench did not finish "
                    + "(interrupted?). Running the same command again resumes it.</div>\n");
        int sections = 0;
        if (single) { b.append(single(dir)); sections++; }
        String own = ownFiles(dir);
        if (!own.isEmpty()) { b.append(own); sections++; }
        if (runs) { b.append(comparison(dir, settings)); sections++; }
        if (sections == 0) b.append("<p>Nothing to report yet: no result.json, no runs/ and no tables in this folder.</p>\n");
        b.append(settings(settings));
        Path out = dir.resolve(FILE);
        AtomicFile.writeString(out, Html.page(title, b.toString()));
        return out;
    }

    /**
     * As {@link #write}, for the commands that end with a report: a report that cannot be written is a one-line
     * warning on {@code log} (the runs are saved; 'bilevel report DIR' says what is wrong), not a failed run.
     */
    public static String tryWrite(Path dir, java.io.PrintWriter log) {
        try {
            return write(dir).toString();
        } catch (IOException | RuntimeException e) {
            log.println("warning: report.html not written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the results are saved, "
                    + "see 'bilevel report " + dir + "'");
            log.flush();
            return "(no report.html)";
        }
    }

    /** A solve run: its summary, plots, files. */
    private static String single(Path dir) throws IOException {
        JsonNode j = MAPPER.readTree(dir.resolve("result.json").toFile());
        RunRecord r = new RunRecord(j.path("problem").asText("?"), j.path("solver").asText("?"), j.path("seed").asLong(0), dir, j);
        StringBuilder b = new StringBuilder("<h2>").append(Html.escape(r.task() + " with " + r.solver())).append("</h2>\n");
        Table t = new Table("quantity", "value");
        t.row("status", r.status() + (r.message().isEmpty() ? "" : ": " + r.message().replaceAll("\\s+", " ")));
        t.row("seed", r.seed()).row("options", j.path("options").isEmpty() ? "defaults" : j.path("options").toString())
                .row("stop rule", stop(j.path("stop")));
        t.row("iterations", r.iterations()).row("solver seconds", r.wallSeconds()).row("gradient calls", SummaryMarkdown.counts(List.of(r), RunRecord::gradientCalls))
                .row("Hessian-vector products", SummaryMarkdown.counts(List.of(r), RunRecord::hvps));
        for (String q : List.of("outerValue", "innerGradNorm", "distanceToSolution", "hypergradError"))
            if (!Double.isNaN(r.finalValue(q))) t.row(described(r.meaning(q)), r.finalValue(q));
        r.metrics().forEach((k, v) -> t.row(described(r.meaning(k)) + " (" + k + ")", v));
        b.append(Markdown.html(t.markdown(), 0, p -> "")).append(links(dir, dir)).append('\n');
        b.append(figures(CurvePlots.write(dir.resolve("plots"), r.task(), List.of(r), List.of(r.solver())), dir));
        return b.toString();
    }

    /** "test accuracy ↑" style words. */
    static String described(Metric m) {
        return m.label() + (m.better() == Metric.Better.HIGHER ? " ↑" : m.better() == Metric.Better.LOWER ? " ↓" : "")
                + (m.kind() == Metric.Kind.REFERENCE ? " (reference)" : m.kind() == Metric.Kind.REFIT ? " (refit)" : "");
    }

    /** The top-level tables (*.md but summary.md) and plots (*.svg) of a suite that writes its own. */
    private static String ownFiles(Path dir) throws IOException {
        List<Path> md, svg;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.sorted().toList();
            md = all.stream().filter(p -> p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().equals("summary.md")).toList();
            svg = all.stream().filter(p -> p.getFileName().toString().endsWith(".svg")).toList();
        }
        StringBuilder b = new StringBuilder();
        for (Path p : md)
            b.append(Markdown.html(Files.readString(p, StandardCharsets.UTF_8), 1, img -> image(dir, img)))
                    .append("<p>From <a href=\"").append(Html.escape(p.getFileName().toString())).append("\">").append(Html.escape(p.getFileName().toString()))
                    .append("</a>.</p>\n");
        if (!svg.isEmpty()) {
            b.append("<h2>Plots</h2>\n<div class=\"plots\">\n");
            for (Path p : svg) b.append(figure(p, dir, p.getFileName().toString()));
            b.append("</div>\n");
        }
        return b.toString();
    }

    /** A comparison: overview, per task the summary table, the plots and every run with its files. */
    private static String comparison(Path dir, ObjectNode settings) throws IOException {
        Found f = found(dir, settings);
        StringBuilder b = new StringBuilder();
        if (f.runs.isEmpty()) return "<h2>Runs</h2>\n<p>No run has finished yet.</p>\n";
        String stop = settings.path("stop").asText(stop(f.runs.get(0).result().path("stop")));
        if (f.tasks.size() > 1) b.append(Markdown.html(OverviewMarkdown.section(f.tasks, f.solvers, f.runs), 0, p -> ""));
        for (String task : f.tasks) {
            List<RunRecord> mine = f.runs.stream().filter(r -> r.task().equals(task)).toList();
            if (mine.isEmpty()) continue;
            b.append(Markdown.html(SummaryMarkdown.section(task, mine, f.solvers, stop), 0, p -> ""));
            Path plots = dir.resolve("plots").resolve(task.replaceAll("[^A-Za-z0-9._=+-]", "_"));
            b.append(figures(CurvePlots.write(plots, task, mine, f.solvers), dir));
            Table t = new Table("solver", "seed", "status", "iterations", "seconds", "files");
            for (RunRecord r : mine) t.row(r.solver(), r.seed(), r.status(), r.iterations(), r.wallSeconds(), "FILES:" + dir.relativize(r.dir()));
            b.append("<details><summary>Every run of ").append(Html.escape(task)).append(" (").append(mine.size()).append(")</summary>\n")
                    .append(Markdown.html(t.markdown(), 0, p -> "").replaceAll("FILES:([^<]*)", "<a href=\"$1/result.json\">result.json</a> <a href=\"$1/trace.csv\">trace.csv</a>"))
                    .append("</details>\n");
        }
        if (!f.pending.isEmpty())
            b.append("<p>Not finished (running, not started or failed to write): ").append(Html.escape(String.join(", ", f.pending))).append(".</p>\n");
        return b.toString();
    }

    /** The runs on disk, labelled and ordered by settings.json, else results.json, else folder names. */
    record Found(List<String> tasks, List<String> solvers, List<RunRecord> runs, List<String> pending) {}

    static Found found(Path dir, ObjectNode settings) throws IOException {
        Map<String, String> taskLabel = new LinkedHashMap<>(), solverLabel = new LinkedHashMap<>();
        for (JsonNode t : settings.path("tasks")) taskLabel.put(NamedSpec.parse(t.asText()).dirName(), t.asText());
        for (JsonNode s : settings.path("solvers")) solverLabel.put(NamedSpec.parse(s.asText()).dirName(), s.asText());
        Path results = dir.resolve("results.json");
        if (taskLabel.isEmpty() && Files.exists(results))
            for (JsonNode r : MAPPER.readTree(results.toFile())) {
                String[] parts = r.path("dir").asText("").split("/");
                if (parts.length < 4) continue;
                taskLabel.putIfAbsent(parts[1], r.path("task").asText(parts[1]));
                solverLabel.putIfAbsent(parts[2], r.path("solver").asText(parts[2]));
            }
        List<RunRecord> runs = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (Path t : list(dir.resolve("runs"))) taskLabel.putIfAbsent(t.getFileName().toString(), t.getFileName().toString());
        for (String td : new ArrayList<>(taskLabel.keySet())) {
            for (Path s : list(dir.resolve("runs").resolve(td))) solverLabel.putIfAbsent(s.getFileName().toString(), s.getFileName().toString());
        }
        for (String td : taskLabel.keySet())
            for (String sd : solverLabel.keySet())
                for (Path seed : list(dir.resolve("runs").resolve(td).resolve(sd))) {
                    Path rj = seed.resolve("result.json");
                    JsonNode j = null;
                    try {
                        if (Files.exists(rj)) j = MAPPER.readTree(rj.toFile());
                    } catch (IOException e) {
                        j = null; // being written: counted as pending
                    }
                    String name = taskLabel.get(td) + " / " + solverLabel.get(sd) + " / " + seed.getFileName();
                    if (j == null) { pending.add(name); continue; }
                    long sv = j.path("seed").asLong(parseSeed(seed.getFileName().toString()));
                    runs.add(new RunRecord(taskLabel.get(td), solverLabel.get(sd), sv, seed, j));
                }
        List<String> tasks = taskLabel.values().stream().filter(t -> runs.stream().anyMatch(r -> r.task().equals(t))).toList();
        List<String> solvers = new ArrayList<>(solverLabel.values());
        return new Found(tasks, solvers, runs, pending);
    }

    private static long parseSeed(String dirName) {
        try {
            return Long.parseLong(dirName.replaceFirst("^seed-", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Path> list(Path d) throws IOException {
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The stop rule of a result.json in words. */
    static String stop(JsonNode s) {
        if (s.isMissingNode()) return "stop rule not recorded";
        String t = "at most " + s.path("maxIterations").asText("?") + " outer iterations";
        if (s.path("timeLimitSeconds").isNumber()) t += " or " + Table.num(s.path("timeLimitSeconds").asDouble()) + " s";
        if (s.path("maxOracleCalls").isNumber()) t += " or " + s.path("maxOracleCalls").asLong() + " oracle calls";
        return t;
    }

    private static String figures(List<CurvePlots.Plot> plots, Path dir) throws IOException {
        if (plots.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<div class=\"plots\">\n");
        for (CurvePlots.Plot p : plots) b.append(figure(p.svg(), dir, p.caption()));
        return b.append("</div>\n").toString();
    }

    /** A figure with the SVG inline, its caption, and a link to the PNG beside it. */
    private static String figure(Path svg, Path dir, String caption) throws IOException {
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        text = text.replaceFirst("^<\\?xml[^>]*>\\s*", "");
        String rel = dir.relativize(svg).toString().replace('\\', '/');
        String png = rel.replaceAll("\\.svg$", ".png");
        boolean hasPng = Files.exists(svg.resolveSibling(svg.getFileName().toString().replaceAll("\\.svg$", ".png")));
        return "<figure>" + text + "<figcaption>" + Html.escape(caption) + (hasPng ? " <a href=\"" + Html.escape(png) + "\">PNG</a>" : "")
                + "</figcaption></figure>\n";
    }

    /** A Markdown image in a suite's table: the SVG beside it inline when there is one, else a link. */
    private static String image(Path dir, String path) {
        Path svg = dir.resolve(path.replaceAll("\\.png$", ".svg"));
        try {
            if (Files.exists(svg)) return "<div class=\"plots\">" + figure(svg, dir, path) + "</div>";
        } catch (IOException e) {
            // fall through to the link
        }
        return Files.exists(dir.resolve(path)) ? "<p><a href=\"" + Html.escape(path) + "\">" + Html.escape(path) + "</a></p>" : "";
    }

    private static String links(Path dir, Path run) {
        String rel = dir.relativize(run).toString().replace('\\', '/');
        String pre = rel.isEmpty() ? "" : rel + "/";
        return "<p>Files: <a href=\"" + Html.escape(pre) + "result.json\">result.json</a>, <a href=\"" + Html.escape(pre) + "trace.csv\">trace.csv</a>.</p>";
    }

    /** The run settings as a definition list; the machine of this report when the folder recorded none. */
    private static String settings(ObjectNode s) {
        StringBuilder b = new StringBuilder("<h2>Run settings</h2>\n");
        if (!s.has("machine")) {
            b.append("<p>The folder has no settings.json (written by an older version); the machine below is the one that built this report.</p>\n");
            try {
                Path tmp = Files.createTempDirectory("bilevel-settings");
                RunSettings.record(tmp, Map.of());
                s = RunSettings.read(tmp);
                Files.deleteIfExists(tmp.resolve(RunSettings.FILE));
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                return b.toString();
            }
        }
        b.append("<dl class=\"settings\">\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("machine")) {
                for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> x = m.next();
                    b.append(dt("machine: " + x.getKey(), x.getValue().asText()));
                }
            } else {
                JsonNode v = e.getValue();
                String text = v.isTextual() ? v.asText() : v.isArray() ? String.join(", ", toStrings(v))
                        : v.isObject() && v.isEmpty() ? "none" : v.toString();
                b.append(dt(e.getKey(), text));
            }
        }
        return b.append("</dl>\n").toString();
    }

    private static List<String> toStrings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.isTextual() ? n.asText() : n.toString());
        return out;
    }

    private static String dt(String k, String v) { return "<dt>" + Html.escape(k) + "</dt><dd>" + Html.escape(v) + "</dd>\n"; }

    private static String firstLine(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
