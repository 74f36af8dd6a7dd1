package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.plot.Chart;
import org.bilevel4j.problems.ToyNonconvex;
import org.bilevel4j.solver.DivergedException;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;

/**
 * BVFIM's Figure 1 (ALGORITHMS.md §1.9): the non-convex toy with a = c = 2, from x0 = y0 ∈ {0, 2, 4, 6, 8, 10},
 * y ∈ R^n for n = 1 and 10, 500 outer steps of BVFIM, RHG and AID-CG (Adam on x, step 0.01, as the paper).
 * Writes table.md / table.csv (final x, F, lower-level residual, the branch y lies on, distance to that branch's
 * optimum and to the global optimum) and, per method and n, plots of x and F over the iterations.
 * Methods missing from the catalog are skipped with a note.
 */
public final class ToyFigure1Suite implements BenchSuite {
    static final double[] STARTS = {0, 2, 4, 6, 8, 10};
    static final int[] DIMS = {1, 10};
    /** Methods and their options: the same outer rule for all; the inner loops of RHG / AID-CG use T = 25 steps of 0.1. */
    static final Map<String, Map<String, String>> METHODS = new LinkedHashMap<>();

    static {
        Map<String, String> hypergrad = Map.of("innerSteps", "25", "innerStep", "0.1", "linearSteps", "10", "outerRule", "adam", "outerStep", "0.01");
        METHODS.put("bvfim", Map.of());
        METHODS.put("rhg", hypergrad);
        Map<String, String> undamped = new LinkedHashMap<>(hypergrad); // BVFIM's AID-CG: the system as written, not the default L_g / 10 of a non-convex G
        undamped.put("damping", "0");
        METHODS.put("aid-cg", undamped);
    }

    /** One row of the table. */
    record Row(int n, String method, double start, String status, double x, double outer, double residual, String branch,
               double branchDistance, double globalDistance) {}

    @Override public String name() { return "toy-figure1"; }

    @Override public String description() {
        return "BVFIM Figure 1: non-convex toy (a = c = 2), BVFIM / RHG / AID-CG from x0 = y0 in {0..10}, n = 1 and 10";
    }

    @Override public void validate(BenchContext ctx) { iterations(new Options(ctx.sets()), ctx.quick()); }

    /** The one --set option this suite reads; an unknown key or a bad value throws. */
    static int iterations(Options o, boolean quick) {
        int iterations = o.getInt("iterations", quick ? 40 : 500, 1, "outer iterations per run");
        o.requireAllUsed("bench toy-figure1");
        return iterations;
    }

    @Override public void run(BenchContext ctx) throws Exception {
        int iterations = iterations(ctx.options(), ctx.quick());
        Files.createDirectories(ctx.out());
        List<Row> rows = new ArrayList<>();
        for (String m : METHODS.keySet())
            if (!Catalog.solvers().containsKey(m)) ctx.log().println("toy-figure1: solver '" + m + "' is not in this build; skipped");
        for (int n : DIMS) {
            ToyNonconvex p = new ToyNonconvex(n, 2, 2, 0);
            for (var m : METHODS.entrySet()) {
                if (!Catalog.solvers().containsKey(m.getKey())) continue;
                List<Plots.Series> xs = new ArrayList<>(), fs = new ArrayList<>();
                for (double start : STARTS) {
                    Solver<?> s = Catalog.solver(m.getKey(), p, new Options(m.getValue()), ctx.seeds().isEmpty() ? 1 : ctx.seeds().get(0));
                    List<double[]> curve = new ArrayList<>(); // iteration, x, F
                    RunListener rec = new RunListener() {
                        @Override public void onRow(TraceRow row, SolverState st) {
                            curve.add(new double[] {row.iteration(), Vec.array(st.x)[0], row.outerValue()});
                        }
                    };
                    RunResult r;
                    String status;
                    try {
                        r = Runner.run(s, p, Vec.of(start), Vec.constant(n, start), StopRule.iterations(iterations), List.of(rec));
                        status = r.status();
                    } catch (DivergedException e) {
                        r = e.partial();
                        status = "diverged";
                    }
                    rows.add(row(p, n, m.getKey(), start, status, r.x(), r.y()));
                    xs.add(series("x0 = " + fmt(start), curve, 1));
                    fs.add(series("x0 = " + fmt(start), curve, 2));
                    ctx.log().printf(Locale.ROOT, "toy-figure1 n=%d %s x0=%s: x=%.4f%n", n, m.getKey(), fmt(start), Vec.array(r.x())[0]);
                }
                String tag = m.getKey() + "-n" + n;
                double xStar = Vec.array(p.solutionX())[0];
                Plots.line(ctx.out().resolve("x-" + tag + ".png"), m.getKey() + ", n = " + n + ": x from each start", "outer iteration", "x", false, xs,
                        List.of(new Chart.Level("x* = " + fmt4(xStar), xStar)));
                Plots.line(ctx.out().resolve("F-" + tag + ".png"), m.getKey() + ", n = " + n + ": F(x, y) from each start", "outer iteration", "F", true, fs,
                        List.of(new Chart.Level("F* = " + fmt4(p.optimalValue()), p.optimalValue())));
            }
        }
        writeCsv(ctx.out().resolve("table.csv"), rows);
        writeMarkdown(ctx.out().resolve("table.md"), rows, iterations);
    }

    static Row row(ToyNonconvex p, int n, String method, double start, String status, Vec x, Vec y) {
        long[] k = p.branchOf(x, y);
        boolean common = true;
        for (long ki : k) common &= ki == k[0];
        return new Row(n, method, start, status, Vec.array(x)[0], p.outerValue(x, y), p.lowerLevelResidual(x, y),
                common ? Long.toString(k[0]) : "mixed", p.distanceToBranchOptimum(x, y), p.distanceToGlobalOptimum(x));
    }

    /** A run reaches the global optimum when x is within 0.05 of x* and the lower-level residual is below 0.05. */
    static boolean global(Row r) { return r.globalDistance() < 0.05 && r.residual() < 0.05; }

    static Plots.Series series(String name, List<double[]> curve, int col) {
        double[] it = new double[curve.size()], v = new double[curve.size()];
        for (int i = 0; i < it.length; i++) {
            it[i] = curve.get(i)[0];
            v[i] = curve.get(i)[col];
        }
        return new Plots.Series(name, it, v);
    }

    static void writeCsv(Path file, List<Row> rows) throws IOException {
        StringBuilder b = new StringBuilder("n,method,start,status,x,F,llResidual,branch,branchDistance,globalDistance,global\n");
        for (Row r : rows)
            b.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.8g,%.8g,%.4g,%s,%.4g,%.4g,%s%n", r.n(), r.method(), fmt(r.start()), r.status(),
                    r.x(), r.outer(), r.residual(), r.branch(), r.branchDistance(), r.globalDistance(), global(r)));
        AtomicFile.writeString(file, b.toString());
    }

    static void writeMarkdown(Path file, List<Row> rows, int iterations) throws IOException {
        StringBuilder b = new StringBuilder("# BVFIM Figure 1: non-convex toy (a = c = 2), " + iterations + " outer iterations\n\n");
        b.append("x* = 3π/4 ≈ 2.3562 for n = 1 and ≈ 2.6472 for n = 10 (branch k = 1). 'branch' is the k of the inner minimiser")
                .append(" y lies on; 'to branch opt.' is |x − x_b| for that branch's optimum x_b (a local optimum of the bilevel problem);")
                .append(" 'global' means |x − x*| < 0.05 and residual < 0.05.\n\n");
        Map<String, List<String>> reached = new LinkedHashMap<>();
        for (Row r : rows) reached.computeIfAbsent(r.method() + ", n = " + r.n(), k -> new ArrayList<>()).add(global(r) ? fmt(r.start()) : null);
        b.append("Starts that reach the global optimum:\n\n");
        for (var e : reached.entrySet()) {
            List<String> ok = e.getValue().stream().filter(s -> s != null).toList();
            b.append("- ").append(e.getKey()).append(": ").append(ok.isEmpty() ? "none" : String.join(", ", ok)).append('\n');
        }
        b.append("\n| n | method | x0 = y0 | status | final x | F | LL residual | branch | to branch opt. | to x* | global |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows)
            b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.4f | %.4f | %.2e | %s | %.2e | %.3f | %s |%n", r.n(), r.method(), fmt(r.start()),
                    r.status(), r.x(), r.outer(), r.residual(), r.branch(), r.branchDistance(), r.globalDistance(), global(r) ? "yes" : "no"));
        AtomicFile.writeString(file, b.toString());
    }

    static String fmt(double d) { return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d); }

    static String fmt4(double d) { return String.format(Locale.ROOT, "%.4f", d); }
}
