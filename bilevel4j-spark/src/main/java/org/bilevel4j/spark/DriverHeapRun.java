package org.bilevel4j.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;

/**
 * One side of the driver-heap comparison of {@code bench spark-scaling}, run in a JVM of its own (its -Xmx is the
 * point): {@code engine=spark} makes {@link SparseRows} data inside the partitions of a local[2] context in this JVM
 * (kept on the executors' local disk, never collected), {@code engine=local} makes the same rows in-process; both run
 * the same solver and print one line "RESULT key=value ..." with F, x, the passes, the data size and the heap.
 * Arguments: key=value (engine, seed, rows, valRows, features, nnz, partitions, iterations, storage, reservedMb, sparkMaster:
 * default spark-submit's --master, else local[2]). StandaloneClusterTest also runs it under spark-submit.
 */
public final class DriverHeapRun {
    private DriverHeapRun() {}

    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("argument '" + s + "' is not key=value");
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        int rows = Integer.parseInt(a.get("rows")), valRows = Integer.parseInt(a.get("valRows")), features = Integer.parseInt(a.get("features"));
        int nnz = Integer.parseInt(a.get("nnz")), iterations = Integer.parseInt(a.getOrDefault("iterations", "3"));
        // Spark reserves 300 MB of the heap and refuses one under 1.5 × that; reservedMb lowers the reserve (Spark's
        // own test setting spark.testing.reservedMemory) so that a driver of a few hundred MB can start
        if (a.containsKey("reservedMb")) System.setProperty("spark.testing.reservedMemory", Long.toString(Long.parseLong(a.get("reservedMb")) << 20));
        long t0 = System.nanoTime();
        BilevelProblem p = a.get("engine").equals("spark")
                ? PartitionData.generated(SparkContexts.get(a.getOrDefault("sparkMaster", SparkPlugin.defaultMaster())), seed, features, nnz, 0.1, rows, valRows,
                        Integer.parseInt(a.getOrDefault("partitions", "64")), PartitionData.storage(a.getOrDefault("storage", "disk")))
                : PartitionData.generatedInProcess(seed, features, nnz, 0.1, rows, valRows);
        double setup = (System.nanoTime() - t0) / 1e9; // the context's start (Spark) or making the rows (in-process)
        Options so = new Options(Map.of("innerSteps", "2", "linearSteps", "2"));
        RunResult r = Runner.run(Catalog.solver("aid-cg", p, so, seed), p, p.initialX(), p.initialY(),
                StopRule.iterations(iterations).withTraceEvery(iterations));
        StringBuilder x = new StringBuilder();
        for (double v : r.x().toArray()) x.append(x.length() == 0 ? "" : ",").append(v);
        long bytes = dataBytes(rows, nnz) + dataBytes(valRows, nnz);
        System.out.println(String.format(Locale.ROOT, "RESULT engine=%s F=%s passes=%.1f sparkJobs=%d setupSeconds=%.1f runSeconds=%.1f dataMB=%.0f maxHeapMB=%.0f x=%s", a.get("engine"),
                r.finalRow().outerValue(), r.oracles().passes(), p instanceof SparkLogisticProblem s ? s.sparkJobs() : 0, setup, (System.nanoTime() - t0) / 1e9 - setup, bytes / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0, x));
        SparkContexts.stop();
    }

    /** Bytes of n generated rows in CSR: values and column indices (4 + 4 per non-zero), row pointers and labels. */
    public static long dataBytes(long n, int nnz) { return n * nnz * 8L + (n + 1) * 4L + n * 4L; }
}
