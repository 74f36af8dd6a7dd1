package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.model.SimdSupport;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.tasks.HyperCleaning;
import org.bilevel4j.tasks.Synthetic;
import org.bilevel4j.vec.Vec;

/**
 * {@code bilevel bench aid-cg-speed}: the speed target, wall time of AID-CG (10 inner steps, 10 CG steps)
 * per outer iteration on data hyper-cleaning in the benchopt setting (multinomial logistic model, no bias,
 * reg 0.2, weights σ(x_i)), on MNIST's shape: 20000 × 784 dense float features, 10 classes. By default on a
 * synthetic Gaussian mixture of that shape (the same arithmetic as MNIST: dense kernels do not look at the
 * values); {@code --set dataset=mnist} takes the catalog's hyperclean on MNIST when this build has it.
 * Reports the median (and min) over timed repetitions after warm-up of one gradient pass, one Hessian-vector
 * pass and one outer iteration, the oracle calls per iteration, the JVM, cores, threads, the row kernel (SIMD
 * or scalar) and the load average; and, in the same run, the pass's roofline: the time to stream the feature bytes a
 * pass reads (streamFeaturesMs) and its FLOPs (4 · rows · features · classes: logits and gradient, one FMA = 2) at the
 * measured float32 FMA peak (computeBoundMs), with the GFLOP/s achieved. These count the dense FLOPs; the 8-bit kernel
 * skips all-zero bytes (MNIST: about 40% of a pass's FLOPs), so the fraction skipped (zeroSkipFraction, from the kernel's
 * report) and the roofline of the FLOPs actually done (computeBoundDoneMs, gradientPassOverRooflineDone) are reported too.
 * Writes speed.json and speed.md.
 */
final class AidCgSpeed implements BenchSuite {
    @Override public String name() { return "aid-cg-speed"; }

    @Override public String description() {
        return "AID-CG seconds per outer iteration on hyper-cleaning, MNIST-shaped (20000x784, 10 classes), and ms per gradient / HVP pass";
    }

    /** The --set options this suite reads. */
    record Settings(String dataset, int n, int nVal, int d, int k, int innerSteps, int linearSteps, int warmup, int iterations, int passes,
                    Precision precision, int threads, boolean bytes) {}

    @Override public void validate(BenchContext ctx) { settings(new Options(ctx.sets()), ctx.quick()); }

    /** Reads every option (an unknown key or a bad value throws); loads nothing. */
    static Settings settings(Options o, boolean q) {
        String dataset = o.choice("dataset", "synthetic",
                "synthetic (MNIST-shaped Gaussian mixture), mnist or fashion-mnist (the catalog's hyperclean on that data)", "synthetic", "mnist", "fashion-mnist");
        int n = o.getInt("trainSize", q ? 2000 : 20000, 8, "synthetic: training rows");
        int nVal = o.getInt("valSize", q ? 500 : 5000, 1, "synthetic: validation rows");
        int d = o.getInt("features", q ? 100 : 784, 1, "synthetic: features");
        int k = o.getInt("classes", 10, 2, "synthetic: classes");
        int innerSteps = o.getInt("innerSteps", 10, 0, "AID inner gradient steps per outer iteration");
        int linearSteps = o.getInt("linearSteps", 10, 0, "AID conjugate-gradient steps per outer iteration");
        int warmup = o.getInt("warmup", q ? 1 : 10, 0, "outer iterations run before timing (JIT warm-up)");
        int iterations = o.getInt("iterations", q ? 3 : 20, 1, "timed outer iterations");
        int passes = o.getInt("passes", q ? 3 : 40, 1, "timed repetitions of each single pass");
        Precision precision = Precision.parse(o.choice("precision", "float", "arithmetic of the model sweeps (float32 as PyTorch, or double)",
                "float", "double"));
        int threads = o.getInt("threads", 0, 0, "threads of the model sweeps (0: the bilevel4j.threads property, else every core)");
        boolean bytes = o.getBool("bytes", true, "dataset=mnist or fashion-mnist, precision=float: 8-bit pixels (false: the standardized float features)");
        o.requireAllUsed("bench aid-cg-speed");
        return new Settings(dataset, n, nVal, d, k, innerSteps, linearSteps, warmup, iterations, passes, precision, threads, bytes);
    }

    @Override public void run(BenchContext ctx) throws Exception {
        Settings s = settings(ctx.options(), ctx.quick());
        int threads = s.threads();
        String oldThreads = System.getProperty("bilevel4j.threads");
        if (threads > 0) System.setProperty("bilevel4j.threads", Integer.toString(threads));
        try {
            measure(ctx, s.dataset(), s.precision(), s.bytes(), s.n(), s.nVal(), s.d(), s.k(), s.innerSteps(), s.linearSteps(), s.warmup(),
                    s.iterations(), s.passes());
        } finally {
            if (threads > 0) {
                if (oldThreads == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", oldThreads);
            }
        }
    }

    private void measure(BenchContext ctx, String dataset, Precision precision, boolean bytes, int n, int nVal, int d, int k, int innerSteps, int linearSteps, int warmup,
                         int iterations, int passes) throws Exception {
        long seed = ctx.seeds().get(0);
        double loadStart = loadAverage();

        BilevelProblem problem;
        String kernel;
        if (!dataset.equals("synthetic")) {
            try {
                problem = Catalog.problem("hyperclean", new Options(Map.of("dataset", dataset, "setting", "benchopt",
                        "precision", precision.name().toLowerCase(Locale.ROOT), "bytes", Boolean.toString(bytes))), seed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dataset=" + dataset + ": the catalog's hyperclean does not accept it in this build (" + e.getMessage() + ")", e);
            }
            kernel = problem instanceof HyperCleaning h ? h.kernel() : kernelOfThisJvm(precision);
        } else {
            LabeledData all = Synthetic.gaussianMixture(n + nVal + 1, d, k, 4, seed);
            LabeledData train = Synthetic.rows(all, 0, n);
            LabelNoise.Corrupted noise = LabelNoise.corrupt(train.labels(), 0.5, k, seed + 1, LabelNoise.Mode.DIFFERENT);
            train = LabeledData.classification(train.x(), noise.labels(), k);
            problem = new HyperCleaning(train, noise.mask(), Synthetic.rows(all, n, n + nVal), Synthetic.rows(all, n + nVal, n + nVal + 1),
                    HyperCleaning.Setting.benchopt).withPrecision(precision);
            kernel = kernelOfThisJvm(precision);
        }
        ctx.log().printf("aid-cg-speed: %s, %d train x %d features, y of dimension %d; kernel: %s; load average %.2f%n",
                dataset, problem.innerSamples(), problem.dimY() / Math.max(1, k), problem.dimY(), kernel, loadStart);

        // one gradient pass and one HVP pass of the inner loss (the oracles AID-CG calls 10 and 11 times per iteration)
        SplittableRandom rng = new SplittableRandom(seed + 2);
        Vec x = problem.initialX(), y = randomVec(problem.dimY(), 0.01, rng), v = randomVec(problem.dimY(), 1, rng);
        // JIT warm-up with the timed loop's own calls, until the JIT is quiet: 30 passes of gradient and HVP alone left the
        // HVP at a new point untried, so the first timed one deoptimized the sweep's tile loop and C2 recompiled it, and
        // other compilations, during the timed passes (a core of a 2-core machine; pass times bimodal between runs, README)
        int warmPasses = warmUntilJitQuiet(() -> {
            problem.innerGradY(x, y);
            problem.innerHvpYY(x, y, v);
            Vec.array(y)[0] += 1e-12;
            problem.innerHvpYY(x, y, v);
        }, ctx.quick() ? 3 : 30, ctx.quick() ? 3 : 1000);
        ctx.log().printf("warm-up: %d passes until the JIT was quiet for %d%n", warmPasses, JIT_QUIET_PASSES);
        double[] grad = new double[passes], hvp = new double[passes], hvpFresh = new double[passes];
        for (int r = 0; r < passes; r++) {
            long t0 = System.nanoTime();
            problem.innerGradY(x, y); // softmax probabilities of this point are kept ...
            long t1 = System.nanoTime();
            problem.innerHvpYY(x, y, v); // ... so an HVP at the same point (every CG step) skips the logits
            long t2 = System.nanoTime();
            Vec.array(y)[r % y.dim()] += 1e-12; // a new point: the first HVP there recomputes the logits
            problem.innerHvpYY(x, y, v);
            long t3 = System.nanoTime();
            grad[r] = (t1 - t0) / 1e6;
            hvp[r] = (t2 - t1) / 1e6;
            hvpFresh[r] = (t3 - t2) / 1e6;
        }

        // the roofline of a gradient pass, in the same run: stream its feature bytes; its FLOPs at the measured FMA peak
        LogisticModel train = ((HyperCleaning) problem).trainingModel();
        double flops = 4.0 * train.samples() * train.features() * train.outputs();
        int sweepThreads = Integer.parseInt(System.getProperty("bilevel4j.threads", Integer.toString(Runtime.getRuntime().availableProcessors())).trim());
        for (int r = 0; r < (ctx.quick() ? 3 : 30); r++) train.streamFeatures();
        SimdSupport.fmaPeakGflops(sweepThreads, 2_000_000);
        double[] stream = new double[passes], compute = new double[passes], peak = new double[passes];
        for (int r = 0; r < passes; r++) {
            long t0 = System.nanoTime();
            train.streamFeatures();
            stream[r] = (System.nanoTime() - t0) / 1e6;
            peak[r] = SimdSupport.fmaPeakGflops(sweepThreads, 4_000_000);
            compute[r] = flops / (peak[r] * 1e9) * 1e3;
        }

        // AID-CG outer iterations
        OracleCounts counts = new OracleCounts();
        CountingProblem counted = new CountingProblem(problem, counts);
        Options so = new Options(Map.of("innerSteps", Integer.toString(innerSteps), "linearSteps", Integer.toString(linearSteps)));
        Solver<?> solver = Catalog.solver("aid-cg", counted, so, seed);
        double[] iter = new double[iterations], cpu = new double[iterations];
        Map<String, Long> perIteration = timeIterations(solver, counted, counts, warmup, iter, cpu);
        double loadEnd = loadAverage();

        double gradMs = median(grad), hvpMs = median(hvp), hvpFreshMs = median(hvpFresh), iterS = median(iter);
        ctx.log().printf("gradient pass %.1f ms, HVP pass %.1f ms (first at a new point %.1f ms), AID-CG outer iteration %.3f s (median of %d)%n",
                gradMs, hvpMs, hvpFreshMs, iterS, iterations);
        double streamMs = median(stream), computeMs = median(compute), roofline = Math.max(streamMs, computeMs);
        ctx.log().printf("roofline: stream %.1f ms (%d MB), compute %.1f ms (%.2f GFLOP at %.0f GFLOP/s peak); pass at %.2fx roofline, %.1f GFLOP/s%n",
                streamMs, train.featureBytes() >> 20, computeMs, flops / 1e9, median(peak), gradMs / roofline, flops / gradMs / 1e6);
        // the FLOPs actually done: the kernel reports the zeros it skips once the passes have made its copies of the tiles
        kernel = train.kernel();
        double skipped = zeroSkipFraction(kernel), done = 1 - skipped;
        double[] computeDone = Arrays.stream(compute).map(t -> t * done).toArray();
        double rooflineDone = Math.max(streamMs, median(computeDone));
        ctx.log().printf("zero bytes skipped: %.1f%% of the FLOPs; compute of the %.2f GFLOP done %.1f ms; pass at %.2fx that roofline, %.1f GFLOP/s done%n",
                100 * skipped, flops * done / 1e9, median(computeDone), gradMs / rooflineDone, flops * done / gradMs / 1e6);

        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("suite", name());
        root.put("dataset", dataset);
        root.put("setting", "benchopt: multinomial logistic, no bias, reg 0.2, per-sample weights sigmoid(x_i)");
        root.put("trainRows", problem.innerSamples());
        root.put("validationRows", problem.outerSamples());
        root.put("dimY", problem.dimY());
        root.put("seed", seed);
        root.put("precision", precision.name().toLowerCase(Locale.ROOT));
        root.put("kernel", kernel);
        root.put("simd", kernel.contains("SIMD"));
        root.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("threads", System.getProperty("bilevel4j.threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        root.put("loadAverageStart", loadStart);
        root.put("loadAverageEnd", loadEnd);
        stats(root.putObject("gradientPassMs"), grad);
        stats(root.putObject("streamFeaturesMs"), stream);
        stats(root.putObject("computeBoundMs"), compute);
        stats(root.putObject("fmaPeakGflops"), peak);
        root.put("featureBytesPerPass", train.featureBytes());
        root.put("gradientPassGflop", flops / 1e9);
        root.put("achievedGflops", flops / gradMs / 1e6);
        root.put("gradientPassOverRoofline", gradMs / roofline);
        root.put("zeroSkipFraction", skipped);
        root.put("gradientPassGflopDone", flops * done / 1e9);
        stats(root.putObject("computeBoundDoneMs"), computeDone);
        root.put("achievedGflopsDone", flops * done / gradMs / 1e6);
        root.put("gradientPassOverRooflineDone", gradMs / rooflineDone);
        stats(root.putObject("hvpPassMs"), hvp);
        stats(root.putObject("hvpFirstAtNewPointMs"), hvpFresh);
        stats(root.putObject("outerIterationSeconds"), iter);
        stats(root.putObject("outerIterationCpuSeconds"), cpu); // every JVM thread: less sensitive to other processes than wall time
        root.put("innerSteps", innerSteps);
        root.put("linearSteps", linearSteps);
        root.put("warmupIterations", warmup);
        root.put("warmupPasses", warmPasses);
        ObjectNode calls = root.putObject("oracleCallsPerIteration");
        perIteration.forEach(calls::put);
        AtomicFile.writeString(ctx.out().resolve("speed.json"), mapper.writeValueAsString(root));
        AtomicFile.writeString(ctx.out().resolve("speed.md"), markdown(dataset, problem, kernel, loadStart, loadEnd, grad, stream, compute, computeDone, hvp,
                hvpFresh, iter, cpu, innerSteps, linearSteps, perIteration));
    }

    /**
     * The fraction of a full pass's FLOPs the kernel skips, from its report ("…, 40.17% of a full pass's FLOPs"); 0 where
     * it reports none (kernels that skip nothing, or before a full pass).
     */
    static double zeroSkipFraction(String kernel) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)% of a full pass's FLOPs").matcher(kernel);
        return m.find() ? Double.parseDouble(m.group(1)) / 100 : 0;
    }

    /** Passes in a row during which the JIT must have compiled nothing before the passes are timed. */
    static final int JIT_QUIET_PASSES = 10;

    /**
     * Runs body at least min and at most max times, until the JIT has spent no compilation time during the last
     * {@link #JIT_QUIET_PASSES} runs (the JVM's total compilation time, in ms, where it is reported); returns the runs.
     */
    static int warmUntilJitQuiet(Runnable body, int min, int max) {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long last = timed ? jit.getTotalCompilationTime() : 0;
        int quiet = 0, runs = 0;
        while (runs < max && (runs < min || (timed && quiet < JIT_QUIET_PASSES))) {
            body.run();
            runs++;
            long now = timed ? jit.getTotalCompilationTime() : 0;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return runs;
    }

    /** Runs warmup untimed iterations, then one timed iteration per entry of seconds; returns the calls per timed iteration. */
    private static <S extends SolverState> Map<String, Long> timeIterations(Solver<S> solver, CountingProblem p, OracleCounts counts, int warmup,
                                                                             double[] seconds, double[] cpuSeconds) {
        S s = solver.init(p, p.initialX(), p.initialY());
        for (int i = 0; i < warmup; i++) {
            solver.step(s);
            s.iteration++;
        }
        OracleCounts before = counts.snapshot();
        for (int i = 0; i < seconds.length; i++) {
            long c0 = processCpuNanos(), t0 = System.nanoTime();
            solver.step(s);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            cpuSeconds[i] = (processCpuNanos() - c0) / 1e9;
            s.iteration++;
        }
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (Oracle o : Oracle.values()) {
            long c = counts.get(o) - before.get(o);
            if (c != 0) m.put(o.name(), c / seconds.length);
        }
        return m;
    }

    private static String markdown(String dataset, BilevelProblem p, String kernel, double loadStart, double loadEnd, double[] grad, double[] stream,
                                   double[] compute, double[] computeDone, double[] hvp,
                                   double[] hvpFresh, double[] iter, double[] cpu, int innerSteps, int linearSteps, Map<String, Long> calls) {
        StringBuilder b = new StringBuilder();
        b.append("# AID-CG speed: data hyper-cleaning, benchopt setting\n\n");
        b.append(String.format(Locale.ROOT, "%s data, %d training rows, %d validation rows, %d model parameters; AID-CG with %d inner steps and %d CG steps.%n%n",
                dataset, p.innerSamples(), p.outerSamples(), p.dimY(), innerSteps, linearSteps));
        b.append("| measure | median | min | runs |\n|---|---|---|---|\n");
        b.append(row("gradient pass (ms)", grad, 1));
        b.append(row("stream the feature bytes a pass reads (ms)", stream, 1));
        b.append(row("pass FLOPs at the measured FMA peak (ms)", compute, 1));
        b.append(row("HVP pass, probabilities cached as in CG (ms)", hvp, 1));
        b.append(row("HVP pass, first at a new point (ms)", hvpFresh, 1));
        b.append(row("AID-CG outer iteration (s)", iter, 3));
        b.append(row("AID-CG outer iteration, JVM CPU time (s)", cpu, 3));
        b.append(String.format(Locale.ROOT, "%nGradient pass at %.2fx its roofline max(stream, compute)", median(grad) / Math.max(median(stream), median(compute))));
        if (median(computeDone) < median(compute))
            b.append(String.format(Locale.ROOT, "; the kernel skips all-zero bytes, %.1f%% of the FLOPs: at %.2fx the roofline of the FLOPs done (compute %.1f ms)",
                    100 * (1 - median(computeDone) / median(compute)), median(grad) / Math.max(median(stream), median(computeDone)), median(computeDone)));
        b.append(".\n\n");
        b.append("Oracle calls per outer iteration: ").append(calls).append("\n\n");
        b.append(String.format(Locale.ROOT, "JVM %s %s, %d cores, threads %s, kernel: %s, load average %.2f at the start and %.2f at the end.%n",
                System.getProperty("java.vm.name"), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("bilevel4j.threads", "all"), kernel, loadStart, loadEnd));
        return b.toString();
    }

    private static String row(String what, double[] a, int digits) {
        String f = "%." + digits + "f";
        return String.format(Locale.ROOT, "| %s | " + f + " | " + f + " | %d |%n", what, median(a), min(a), a.length);
    }

    private static void stats(ObjectNode node, double[] a) {
        node.put("median", median(a));
        node.put("min", min(a));
        ArrayNode all = node.putArray("runs");
        for (double t : a) all.add(t);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static double min(double[] a) { return Arrays.stream(a).min().orElse(Double.NaN); }

    /** CPU time of the whole JVM (every thread), or -1 where the platform does not report it. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static double loadAverage() { return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }

    /** The kernel a dense model of that precision gets in this JVM. */
    private static String kernelOfThisJvm(Precision precision) {
        return LogisticModel.of(LabeledData.classification(new org.bilevel4j.data.DenseMatrix(1, 1, new float[1]), new int[] {0}, 2), false)
                .withPrecision(precision).kernel();
    }

    private static Vec randomVec(int n, double scale, SplittableRandom rng) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * rng.nextDouble() - 1);
        return Vec.of(a);
    }
}
