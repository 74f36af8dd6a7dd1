package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser: Debian's chromium, headless, renders a bench's report; every plot and table is in
 * the rendered page, every reference resolves to a file of the folder, nothing is fetched from the network and there
 * is no script. Screenshots (desktop and phone width) are kept in target/. Skipped with a message where chromium is
 * missing, a failure when CI=true (.ci/run installs it).
 */
class ReportBrowserTest {
    static final Path SHOTS = Path.of("target", "report-screenshots");

    @Test void benchReportRendersWithEveryPlotAndTableAndNoBrokenReference(@TempDir Path tmp) throws Exception {
        String chromium = chromium();
        Path dir = tmp.resolve("bench");
        CliTest.Run r = run("bench", "--tasks", "quadratic:dimY=20,hyperclean:trainSize=200:valSize=100:testSize=200:referenceIterations=50",
                "--solvers", "aid-cg,aid-fp:linearSteps=5", "--seeds", "0,1", "--iterations", "8", "--out", dir.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        Path report = dir.resolve("report.html");
        String html = Files.readString(report);

        // what the page must hold: one inline SVG per plot file, the summary tables of both tasks and the overview
        List<Path> svgs;
        try (Stream<Path> s = Files.walk(dir.resolve("plots"))) {
            svgs = s.filter(p -> p.toString().endsWith(".svg")).toList();
        }
        assertTrue(svgs.size() >= 10, "plots of the outer value, distance and metrics: " + svgs);
        assertFalse(svgs.stream().anyMatch(p -> p.getFileName().toString().startsWith("reference")), "references are lines, not plots: " + svgs);
        assertTrue(html.contains("oracle weights"), "the reference levels on the accuracy plot");

        String dom = browser(chromium, "--dump-dom", report.toUri().toString());
        assertEquals(svgs.size(), count(dom, "<svg"), "every plot rendered inline");
        assertEquals(svgs.size(), count(dom, "<figure"), "one figure per plot");
        int tables = 3 + 2 * 2; // the overview's three, and per task the summary and the table of every run
        assertEquals(tables, count(dom, "<table"), "every table");
        for (String s : List.of("aid-cg", "aid-fp:linearSteps=5", "Run settings", "Model name", "quadratic:dimY=20")) assertTrue(dom.contains(s), s);
        assertFalse(dom.contains("Still being written"), "a finished folder has no banner");

        // no script, no style sheet or image from elsewhere; every link and source is a file of the folder
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("<img") || html.contains("<iframe"), "self-contained");
        List<String> refs = new ArrayList<>();
        Matcher m = Pattern.compile("(?:href|src)=\"([^\"]*)\"").matcher(html);
        while (m.find()) refs.add(m.group(1));
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertFalse(ref.contains("://") || ref.startsWith("//"), "a reference off the folder: " + ref);
            assertTrue(Files.isRegularFile(dir.resolve(ref)), "broken reference " + ref);
        }
        assertTrue(refs.contains("runs/quadratic_dimY=20/aid-cg/seed-0/result.json") && refs.contains("runs/quadratic_dimY=20/aid-cg/seed-0/trace.csv"), "links to each run's files");

        Files.createDirectories(SHOTS);
        Path desktop = SHOTS.resolve("bench-report.png").toAbsolutePath(), phone = SHOTS.resolve("bench-report-phone.png").toAbsolutePath();
        browser(chromium, "--screenshot=" + desktop, "--window-size=1280,2200", report.toUri().toString());
        browser(chromium, "--screenshot=" + phone, "--window-size=390,2400", report.toUri().toString());
        for (Path p : List.of(desktop, phone)) assertTrue(Files.size(p) > 20_000, "a screenshot with content: " + p);
    }

    /** chromium on the PATH; a skip with the install command where it is missing, a failure under CI=true. */
    static String chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            for (String name : List.of("chromium", "chromium-browser"))
                if (Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
        String msg = "chromium not found: install it with 'apt-get install -y chromium' (Debian) to test report.html in a browser";
        if ("true".equals(System.getenv("CI"))) fail(msg + " (CI=true: the browser test must run)");
        Assumptions.abort(msg);
        return null;
    }

    /** Runs headless chromium (no sandbox: tests run as root in CI) and returns its standard output. */
    static String browser(String chromium, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
            assertEquals(0, p.exitValue(), "chromium " + String.join(" ", args));
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
