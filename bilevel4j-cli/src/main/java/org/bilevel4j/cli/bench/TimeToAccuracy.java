package org.bilevel4j.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.cli.AtomicFile;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;

/**
 * {@code bilevel bench time-to-accuracy}: data hyper-cleaning on MNIST, {@code stocbio} setting (issue 15's target):
 * for AID-CG, MinimaxOPT and BVFIM (the demo's options), the solver seconds and iterations until the test accuracy
 * first reaches {@code target} (trace every iteration; trace evaluation is not solver time), the seconds per iteration
 * (wall and JVM CPU, medians), and the reads of the training data per iteration ({@code passes}). Each solver runs until
 * {@code maxSeconds} of solver time or {@code maxIterations}. JVM CPU time counts every thread (about threads × wall on
 * an idle machine) and is the figure least disturbed by other processes. Before anything is timed every solver runs
 * {@code warmup} untimed iterations, so that the JIT has compiled the kernels (on a 2-core machine C2's threads take a
 * core meanwhile) and the first solver of the list does not pay for the others. Writes time-to-accuracy.json and .md.
 */
final class TimeToAccuracy implements BenchSuite {
    /**
     * The defaults, and aid-cg with a fixed named inner step of 0.09 ≈ 1.8/L (L ≈ 20.1, hyperclean's curvature bound on
     * MNIST stocbio; gradient descent converges for steps below 2/L). aid-cg's default inner step is adaptive since issue 15
     * (secant steps from 1/L): the curvature along the path is 2.0 at the start falling to 1.1, a tenth of the bound
     * ({@code aid-cg:innerStepRule=fixed} is the fixed 1/L of before).
     */
    static final List<String> SOLVERS = List.of("aid-cg", "aid-cg:innerStep=0.09", "minimaxopt", "bvfim:zSteps=10:ySteps=5:decay=inverse:outerStep=0.1");

    @Override public String name() { return "time-to-accuracy"; }

    @Override public String description() {
        return "hyper-cleaning on MNIST (stocbio setting): solver seconds to 90% test accuracy, and seconds per iteration, of aid-cg, minimaxopt, bvfim";
    }

    record Settings(String dataset, double target, double maxSeconds, long maxIterations, int warmup, List<String> solvers) {}

    @Override public void validate(BenchContext ctx) { settings(new Options(ctx.sets()), ctx.quick()); }

    static Settings settings(Options o, boolean q) {
        String dataset = o.choice("dataset", "mnist", "data set of the hyperclean task", "mnist", "fashion-mnist");
        double target = o.getDouble("target", 0.9, "test accuracy to reach");
        if (!(target > 0 && target <= 1)) throw new IllegalArgumentException("option target=" + target + " must be in (0, 1]");
        double maxSeconds = o.getPositive("maxSeconds", q ? 5 : 40, "solver seconds per solver at most");
        long maxIterations = o.getInt("maxIterations", q ? 5 : 1000, 1, "iterations per solver at most");
        int warmup = o.getInt("warmup", q ? 0 : 5, 0, "untimed iterations of every solver before the timed runs (JIT compilation)");
        String solvers = o.getString("solvers", String.join(";", SOLVERS), "solver specs name:key=value..., separated by ';'");
        o.requireAllUsed("bench time-to-accuracy");
        List<String> list = List.of(solvers.split(";"));
        NamedSpec.parseAll(list, "solver", Catalog.solvers().keySet()); // unknown names are an error before anything runs
        return new Settings(dataset, target, maxSeconds, maxIterations, warmup, list);
    }

    @Override public void run(BenchContext ctx) throws Exception {
        Settings s = settings(ctx.options(), ctx.quick());
        long seed = ctx.seeds().get(0);
        Map<String, String> task = new LinkedHashMap<>(Map.of("dataset", s.dataset(), "setting", "stocbio"));
        if (ctx.quick()) task.putAll(Map.of("trainSize", "1000", "valSize", "500", "testSize", "1000", "referenceIterations", "20"));
        BilevelProblem problem = Catalog.problem("hyperclean", new Options(task), seed);
        List<NamedSpec> specs = NamedSpec.parseAll(s.solvers(), "solver", Catalog.solvers().keySet());
        if (s.warmup() > 0) // untimed: the JIT compiles what every solver calls before any clock starts
            for (NamedSpec spec : specs)
                Runner.run(Catalog.solver(spec.name(), problem, new Options(spec.options()), seed), problem, problem.initialX(), problem.initialY(),
                        StopRule.iterations(s.warmup()).withTraceEvery(Integer.MAX_VALUE), List.of());
        double load0 = load();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("suite", name());
        root.put("task", "hyperclean " + task);
        root.put("target", s.target());
        root.put("warmupIterations", s.warmup());
        root.put("loadAverageStart", load0);
        ArrayNode runs = root.putArray("solvers");
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "# Time to %.0f%% test accuracy: hyper-cleaning, %s, stocbio setting%n%n", 100 * s.target(), s.dataset()));
        md.append("| solver | iterations to target | solver s to target (wall) | JVM CPU s to target | s / iteration (wall) | CPU s / iteration | passes / iteration | final accuracy |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (NamedSpec spec : specs) {
            OracleCounts counts = new OracleCounts();
            CountingProblem counted = new CountingProblem(problem, counts);
            CpuClock clock = new CpuClock(counts);
            StopRule stop = StopRule.iterations(s.maxIterations()).withMaxSeconds(s.maxSeconds()).withTraceEvery(1);
            RunResult r = Runner.run(Catalog.solver(spec.name(), counted, new Options(spec.options()), seed), counted, counted.initialX(),
                    counted.initialY(), stop, List.of(clock));
            long hitIteration = -1;
            double hitSeconds = Double.NaN, hitCpu = Double.NaN;
            for (TraceRow row : r.trace().rows()) {
                Double acc = row.metrics() == null ? null : row.metrics().get("testAccuracy");
                if (acc != null && acc >= s.target()) {
                    hitIteration = row.iteration();
                    hitSeconds = row.seconds();
                    hitCpu = clock.cumulative(row.iteration());
                    break;
                }
            }
            double perIter = AidCgSpeed.median(clock.wallPerIteration()), cpuPerIter = AidCgSpeed.median(clock.cpuPerIteration());
            double passes = (counts.passes() - clock.passesAtStart) / Math.max(1, r.iterations()); // the steps' reads, not the set-up's
            double finalAcc = r.finalRow().metrics().getOrDefault("testAccuracy", Double.NaN);
            ctx.log().printf(Locale.ROOT, "%s: %s after %d iterations, %.2f s (CPU %.2f s); %.4f s per iteration (CPU %.4f s), %.1f passes; final accuracy %.4f%n",
                    spec.label(), hitIteration < 0 ? "target not reached" : "target reached", hitIteration, hitSeconds, hitCpu, perIter, cpuPerIter,
                    passes, finalAcc);
            ObjectNode n = runs.addObject();
            n.put("solver", spec.label());
            n.put("status", r.status());
            n.put("iterations", r.iterations());
            n.put("iterationsToTarget", hitIteration);
            n.put("solverSecondsToTarget", hitSeconds);
            n.put("cpuSecondsToTarget", hitCpu);
            n.put("secondsPerIterationMedian", perIter);
            n.put("cpuSecondsPerIterationMedian", cpuPerIter);
            n.put("passesPerIteration", passes);
            n.put("finalTestAccuracy", finalAcc);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.4f | %.4f | %.1f | %.4f |%n", spec.label(),
                    hitIteration < 0 ? "not reached" : Long.toString(hitIteration), fmt(hitSeconds), fmt(hitCpu), perIter, cpuPerIter, passes, finalAcc));
        }
        double load1 = load();
        root.put("loadAverageEnd", load1);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        md.append(String.format(Locale.ROOT, "%nJVM %s, %d cores, load average %.2f at the start and %.2f at the end. JVM CPU time counts every thread.%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), load0, load1));
        AtomicFile.writeString(ctx.out().resolve("time-to-accuracy.json"), mapper.writeValueAsString(root));
        AtomicFile.writeString(ctx.out().resolve("time-to-accuracy.md"), md.toString());
    }

    private static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v); }

    private static double load() { return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }

    /** JVM CPU and wall time of each solver step: from the end of the previous iteration to the step's end (no trace evaluation). */
    private static final class CpuClock implements RunListener {
        private final List<Double> cpu = new ArrayList<>(), wall = new ArrayList<>(), cumulativeCpu = new ArrayList<>();
        private final OracleCounts counts;
        private long cpu0 = cpuNanos(), wall0 = System.nanoTime();
        private double total, passesAtStart;

        CpuClock(OracleCounts counts) { this.counts = counts; }

        @Override public void onStart(SolverState state, StopRule stop) { passesAtStart = counts.passes(); }

        @Override public Map<String, Double> afterStep(SolverState state, Vec xBeforeStep, BilevelProblem raw) {
            double c = (cpuNanos() - cpu0) / 1e9;
            cpu.add(c);
            wall.add((System.nanoTime() - wall0) / 1e9);
            total += c;
            cumulativeCpu.add(total);
            return Map.of();
        }

        @Override public void onRow(TraceRow row, SolverState state) { restart(); } // after the start's row and every step's row

        @Override public void onIteration(SolverState state, org.bilevel4j.solver.Trace trace, OracleCounts counts, double solverSeconds) { restart(); }

        private void restart() {
            cpu0 = cpuNanos();
            wall0 = System.nanoTime();
        }

        /** CPU seconds of the first k iterations (0 for k = 0). */
        double cumulative(long k) { return k == 0 ? 0 : cumulativeCpu.get((int) Math.min(k, cumulativeCpu.size()) - 1); }

        double[] cpuPerIteration() { return cpu.isEmpty() ? new double[] {Double.NaN} : cpu.stream().mapToDouble(Double::doubleValue).toArray(); }

        double[] wallPerIteration() { return wall.isEmpty() ? new double[] {Double.NaN} : wall.stream().mapToDouble(Double::doubleValue).toArray(); }

        /** CPU time of every live JVM thread (nanosecond clocks; the process clock of some platforms ticks in 10 ms). */
        private static long cpuNanos() {
            java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
            long s = 0;
            for (long id : t.getAllThreadIds()) {
                long c = t.getThreadCpuTime(id);
                if (c > 0) s += c;
            }
            return s;
        }
    }
}
