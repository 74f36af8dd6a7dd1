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
import org.bilevel4j.spark.SparkContexts;
import org.bilevel4j.spark.SparkLogisticProblem;
import org.bilevel4j.spark.SparkPlugin;
import org.bilevel4j.vec.Vec;

/**
 * {@code bilevel bench spark-scaling}: milliseconds per pass (one inner gradient, the median of timed repetitions
 * after warm-up) of weightdecay and hyperclean (synthetic) in-process and on Spark with each master of
 * {@code masters} (default local[1] and local[2]) and 1 .. 64 partitions; writes spark-scaling.md. The rest
 * of a pass on Spark is its per-job overhead (scheduling, closure and broadcast shipping).
 */
final class SparkScaling implements BenchSuite {
    @Override public String name() { return "spark-scaling"; }

    @Override public String description() {
        return "ms per gradient pass in-process vs Spark local[1] / local[2] with 1..64 partitions (weightdecay, hyperclean)";
    }

    /** The --set options this suite reads. */
    record Settings(int samples, int trainSize, int passes, List<String> masters, List<Integer> partitions) {}

    @Override public void validate(BenchContext ctx) { settings(new Options(ctx.sets()), ctx.quick()); }

    /** Reads every option (an unknown key or a bad value throws); starts nothing. */
    static Settings settings(Options o, boolean q) {
        int samples = o.getInt("samples", q ? 2000 : 40000, 4, "weightdecay: samples (half train, half validation)");
        int trainSize = o.getInt("trainSize", q ? 1000 : 20000, 4, "hyperclean: training rows");
        int passes = o.getInt("passes", q ? 5 : 20, 1, "timed repetitions of each pass");
        String masters = o.getString("masters", "local[1],local[2]", "comma-separated Spark masters");
        String parts = o.getString("partitionCounts", q ? "1,4,16" : "1,2,4,8,16,32,64", "comma-separated partition counts");
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
        return new Settings(samples, trainSize, passes, java.util.Arrays.stream(masters.split(",")).map(String::trim).toList(), partitions);
    }

    @Override public void run(BenchContext ctx) throws Exception {
        Settings set = settings(ctx.options(), ctx.quick());
        int samples = set.samples(), trainSize = set.trainSize(), passes = set.passes();
        long seed = ctx.seeds().get(0);
        List<BilevelProblem> problems = List.of(
                Catalog.problem("weightdecay", new Options(Map.of("samples", Integer.toString(samples))), seed),
                Catalog.problem("hyperclean", new Options(Map.of("trainSize", Integer.toString(trainSize), "precision", "double",
                        "referenceIterations", "1")), seed));
        StringBuilder md = new StringBuilder("# spark-scaling\n\nms per inner-gradient pass (median of " + passes + ")\n\n"
                + "| problem | rows | engine | partitions | ms / pass |\n|---|---|---|---|---|\n");
        for (BilevelProblem p : problems) {
            double local = time(p, passes, seed);
            row(ctx, md, p, "in-process", "-", local);
            for (String master : set.masters()) {
                SparkContexts.restart(master);
                for (int pc : set.partitions()) {
                    SparkLogisticProblem s = SparkPlugin.distributeOn(p, master, pc);
                    row(ctx, md, p, master, Integer.toString(pc), time(s, passes, seed));
                    s.unpersist();
                }
            }
        }
        Files.createDirectories(ctx.out());
        AtomicFile.writeString(ctx.out().resolve("spark-scaling.md"), md.toString());
        ctx.log().println("wrote " + ctx.out().resolve("spark-scaling.md"));
    }

    private static void row(BenchContext ctx, StringBuilder md, BilevelProblem p, String engine, String partitions, double ms) {
        String line = String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f |", p.name(), p.innerSamples(), engine, partitions, ms);
        ctx.log().println(line);
        md.append(line).append('\n');
    }

    /** Median ms of one inner gradient pass at a random point, after as many warm-up passes. */
    private static double time(BilevelProblem p, int passes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[p.dimY()];
        for (int j = 0; j < y.length; j++) y[j] = 0.01 * rng.nextGaussian();
        Vec x = p.initialX(), yv = Vec.of(y);
        for (int r = 0; r < passes; r++) p.innerGradY(x, yv);
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
