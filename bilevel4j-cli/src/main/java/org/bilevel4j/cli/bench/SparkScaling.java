package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.spark.DriverHeapRun;
import org.bilevel4j.spark.SparkContexts;
import org.bilevel4j.spark.SparkLogisticProblem;
import org.bilevel4j.spark.SparkPlugin;
import org.bilevel4j.vec.Vec;

/**
 * {@code bilevel bench spark-scaling}: milliseconds per pass (one inner gradient, the median of timed repetitions
 * after warm-up) of weightdecay and hyperclean (synthetic) in-process and on Spark with each master of
 * {@code masters} (default local[1] and local[2]) and 1 .. 64 partitions; writes spark-scaling.md. The rest
 * of a pass on Spark is its per-job overhead (scheduling, closure and broadcast shipping). Then, unless
 * heapRun=false, one run whose data exceed the driver's heap ({@link #driverHeapRun}).
 */
final class SparkScaling implements BenchSuite {
    @Override public String name() { return "spark-scaling"; }

    @Override public String description() {
        return "ms per gradient pass in-process vs Spark local[1] / local[2] with 1..64 partitions (weightdecay, hyperclean)";
    }

    /** The --set options this suite reads. */
    record Settings(int samples, int trainSize, int mnistTrainSize, int passes, List<String> masters, List<Integer> partitions, boolean table, boolean heapRun, int heapMb,
                    double dataFactor, int heapRunIterations) {}

    @Override public void validate(BenchContext ctx) { settings(new Options(ctx.sets()), ctx.quick()); }

    /** Reads every option (an unknown key or a bad value throws); starts nothing. */
    static Settings settings(Options o, boolean q) {
        int samples = o.getInt("samples", q ? 2000 : 40000, 4, "weightdecay: samples (half train, half validation)");
        int trainSize = o.getInt("trainSize", q ? 1000 : 20000, 4, "hyperclean: training rows");
        int mnist = o.getInt("mnistTrainSize", q ? 2000 : 20000, 0, "hyperclean on MNIST: training rows (validation a quarter of that; 0: no MNIST)");
        int passes = o.getInt("passes", q ? 5 : 10, 1, "timed repetitions of each pass (after min(passes, 3) untimed ones)");
        String masters = o.getString("masters", "local[1],local[2]", "comma-separated Spark masters");
        String parts = o.getString("partitionCounts", q ? "1,4,16" : "1,2,4,8,16,32,64", "comma-separated partition counts");
        boolean table = o.getBool("table", true, "the per-pass table (false: only the heap run)");
        boolean heapRun = o.getBool("heapRun", true, "also the driver-heap run: data dataFactor × the driver's -Xmx made inside partitions vs in-process");
        int heapMb = o.getInt("driverHeapMb", 160, 128, "heapRun: the Spark driver's -Xmx in MB (its memory reserve is lowered to 48 MB)");
        double factor = o.getPositive("dataFactor", 4, "heapRun: data size / driver heap");
        int heapIt = o.getInt("heapRunIterations", 1, 1, "heapRun: aid-cg iterations (innerSteps=2, linearSteps=2; 3 in the README's tables)");
        o.requireAllUsed("bench spark-scaling");
        List<Integer> partitions = new ArrayList<>();
        for (String pc : parts.split(",")) {
            try {
                partitions.add(Integer.parseInt(pc.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option partitionCounts=" + parts + ": '" + pc.trim() + "' is not an integer");
            }
            if (partitions.get(partitions.size() - 1) < 1) throw new IllegalArgumentException("option partitionCounts=" + parts + ": each count must be >= 1");
        }
        return new Settings(samples, trainSize, mnist, passes, java.util.Arrays.stream(masters.split(",")).map(String::trim).toList(), partitions, table, heapRun,
                heapMb, factor, heapIt);
    }

    @Override public void run(BenchContext ctx) throws Exception {
        Settings set = settings(ctx.options(), ctx.quick());
        int samples = set.samples(), trainSize = set.trainSize(), passes = set.passes();
        long seed = ctx.seeds().get(0);
        Map<String, BilevelProblem> problems = new java.util.LinkedHashMap<>();
        if (set.table()) {
            problems.put("weightdecay (synthetic)", Catalog.problem("weightdecay", new Options(Map.of("samples", Integer.toString(samples))), seed));
            problems.put("hyperclean (synthetic)", Catalog.problem("hyperclean", new Options(Map.of("trainSize", Integer.toString(trainSize),
                    "precision", "double", "referenceIterations", "1")), seed));
        }
        if (set.mnistTrainSize() > 0 && set.table()) // 784 dense pixels a row: the arithmetic of a pass is no longer negligible
            problems.put("hyperclean (MNIST)", Catalog.problem("hyperclean", new Options(Map.of("dataset", "mnist", "trainSize", Integer.toString(set.mnistTrainSize()),
                    "valSize", Integer.toString(Math.max(1, set.mnistTrainSize() / 4)), "testSize", "1000", "precision", "double",
                    "referenceIterations", "1")), seed));
        StringBuilder md = new StringBuilder("# spark-scaling\n\nms per inner-gradient pass (median of " + passes + ")\n\n"
                + "| problem | rows | engine | partitions | ms / pass |\n|---|---|---|---|---|\n");
        for (var e : problems.entrySet()) {
            BilevelProblem p = e.getValue();
            double local = time(p, passes, seed);
            row(ctx, md, e.getKey(), p, "in-process", "-", local);
            for (String master : set.masters()) {
                SparkContexts.restart(master);
                for (int pc : set.partitions()) {
                    SparkLogisticProblem s = SparkPlugin.distributeOn(p, master, pc);
                    row(ctx, md, e.getKey(), p, master, Integer.toString(pc), time(s, passes, seed));
                    s.unpersist();
                }
            }
        }
        Files.createDirectories(ctx.out());
        AtomicFile.writeString(ctx.out().resolve("spark-scaling.md"), md.toString()); // kept should the heap run fail
        if (set.heapRun()) {
            driverHeapRun(ctx, md, set, seed);
            AtomicFile.writeString(ctx.out().resolve("spark-scaling.md"), md.toString());
        }
        ctx.log().println("wrote " + ctx.out().resolve("spark-scaling.md"));
    }

    /**
     * Data larger than the driver's heap: a JVM with -Xmx{driverHeapMb} (Spark's memory reserve lowered from 300 to
     * 48 MB by its spark.testing.reservedMemory, else it refuses heaps under about 470 MB) runs aid-cg on dataFactor × that many bytes of
     * sparse rows made inside 64 partitions of local[2] (kept on local disk; the executors share the driver's JVM in
     * local mode, so nothing of the data may stay on its heap), another JVM with a heap large enough makes the same
     * rows in-process and runs the same iterations; x and F must agree to 1e-9.
     */
    private static void driverHeapRun(BenchContext ctx, StringBuilder md, Settings set, long seed) throws Exception {
        int features = 20000, nnz = 32;
        long target = (long) (set.dataFactor() * set.heapMb() * 1048576.0);
        long rowsTotal = target / (DriverHeapRun.dataBytes(1, nnz) - 4);
        int rows = (int) (rowsTotal * 4 / 5), valRows = (int) (rowsTotal - rows);
        long bytes = DriverHeapRun.dataBytes(rows, nnz) + DriverHeapRun.dataBytes(valRows, nnz);
        int bigHeap = (int) (bytes * 1.5 / 1048576) + 1024;
        String common = "seed=" + seed + " rows=" + rows + " valRows=" + valRows + " features=" + features + " nnz=" + nnz + " iterations="
                + set.heapRunIterations();
        md.append("\n## Data larger than the driver's heap\n\naid-cg, ").append(set.heapRunIterations())
                .append(" iterations, weight decay on generated sparse rows (").append(rows).append(" + ").append(valRows).append(" rows × ")
                .append(features).append(" features, ").append(nnz).append(" non-zeros a row)\n\n| engine | -Xmx (MB) | data (MB) | passes | setup s | run s | F |\n|---|---|---|---|---|---|---|\n");
        Map<String, String> spark = child(ctx, set.heapMb(), "engine=spark partitions=64 storage=disk reservedMb=48 " + common);
        Map<String, String> local = child(ctx, bigHeap, "engine=local " + common);
        double[] xs = parse(spark.get("x")), xl = parse(local.get("x"));
        double dx = 0, nx = 0;
        for (int j = 0; j < xs.length; j++) {
            dx += (xs[j] - xl[j]) * (xs[j] - xl[j]);
            nx += xl[j] * xl[j];
        }
        double relX = Math.sqrt(dx / Math.max(nx, 1e-300));
        double fs = Double.parseDouble(spark.get("F")), fl = Double.parseDouble(local.get("F")), relF = Math.abs(fs - fl) / Math.abs(fl);
        for (Map<String, String> r : List.of(spark, local)) {
            String line = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |",
                    r.get("engine").equals("spark") ? "Spark local[2], 64 partitions, disk" : "in-process", r.get("maxHeapMB"), r.get("dataMB"),
                    r.get("passes"), r.get("setupSeconds"), r.get("runSeconds"), r.get("F"));
            ctx.log().println(line);
            md.append(line).append('\n');
        }
        String verdict = String.format(Locale.ROOT, "relative difference: x %.2e, F %.2e (%s)", relX, relF, relX <= 1e-9 && relF <= 1e-9 ? "same result" : "DIFFERENT");
        ctx.log().println(verdict);
        md.append('\n').append(verdict).append('\n');
    }

    /** Runs DriverHeapRun in a JVM with -Xmx{heapMb}m and this JVM's module flags; its RESULT line as key → value. */
    private static Map<String, String> child(BenchContext ctx, int heapMb, String args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heapMb + "m"));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Dbilevel4j.")) cmd.add(a);
        if (!cmd.contains("--add-modules=jdk.incubator.vector")) cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DriverHeapRun.class.getName()));
        cmd.addAll(List.of(args.split(" ")));
        ctx.log().println("heap run: -Xmx" + heapMb + "m " + args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        StringBuilder tail = new StringBuilder();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) result = line;
                else {
                    tail.append(line).append('\n');
                    if (tail.length() > 4000) tail.delete(0, tail.length() - 4000);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || result == null) throw new IllegalStateException("heap run (-Xmx" + heapMb + "m " + args + ") failed, exit " + rc + ":\n" + tail);
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String kv : result.substring(7).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private static double[] parse(String csv) { return java.util.Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray(); }

    private static void row(BenchContext ctx, StringBuilder md, String label, BilevelProblem p, String engine, String partitions, double ms) {
        String line = String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f |", label, p.innerSamples(), engine, partitions, ms);
        ctx.log().println(line);
        md.append(line).append('\n');
    }

    /** Median ms of one inner gradient pass at a random point, after min(passes, 3) warm-up passes. */
    private static double time(BilevelProblem p, int passes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[p.dimY()];
        for (int j = 0; j < y.length; j++) y[j] = 0.01 * rng.nextGaussian();
        Vec x = p.initialX(), yv = Vec.of(y);
        for (int r = 0; r < Math.min(passes, 3); r++) p.innerGradY(x, yv);
        List<Double> t = new ArrayList<>();
        for (int r = 0; r < passes; r++) {
            long t0 = System.nanoTime();
            p.innerGradY(x, yv);
            t.add((System.nanoTime() - t0) / 1e6);
        }
        t.sort(null);
        return t.get(t.size() / 2);
    }
}
