package org.bilevel4j.spark;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.CatalogPlugin;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.solver.Options;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.tasks.HyperCleaning;
import org.bilevel4j.tasks.WeightDecay;

/**
 * Adds {@code engine=spark} (with {@code sparkMaster}, {@code partitions}) to hyperclean and weightdecay: the
 * problem is built in-process as before, then its training and validation rows are distributed
 * ({@link SparkLogisticProblem}). Spark starts only when engine=spark is asked for.
 */
public final class SparkPlugin implements CatalogPlugin {
    @Override public void register(Map<String, Catalog.ProblemEntry> problems, Map<String, Catalog.SolverEntry> solvers) {
        for (String name : new String[] {"hyperclean", "weightdecay"}) {
            Catalog.ProblemEntry e = problems.get(name);
            if (e == null) continue;
            problems.put(name, new Catalog.ProblemEntry(name, e.description(), (o, seed) -> create(e, o, seed)));
        }
        Catalog.add(problems, "spark-decay", "per-feature weight decay on rows that live only in Spark partitions: made there "
                + "(source=generated, sparse synthetic) or read by Spark from LIBSVM files (source=libsvm, file=..., validationFile=...)",
                SparkPlugin::partitionData);
    }

    private static BilevelProblem partitionData(Options o, long seed) {
        String source = o.choice("source", "generated", "where the rows come from: generated (inside the partitions) or libsvm (files read by Spark)",
                "generated", "libsvm");
        String master = o.getString("sparkMaster", defaultMaster(), "Spark master URL (local[N], local[N,maxFailures], spark://host:port; "
                + "default: spark-submit's --master, else local[2])");
        int partitions = o.getInt("partitions", 4, 1, "partitions of the training and of the validation rows");
        var level = PartitionData.storage(o.choice("storage", "memory",
                "where the partitions keep their rows: memory, disk (executors' local disk) or none (made / read again every pass)", "memory", "disk", "none"));
        String file = o.getString("file", "", "source=libsvm: LIBSVM file of the training rows (every executor must read this path)");
        String val = o.getString("validationFile", "", "source=libsvm: LIBSVM file of the validation rows (default: the odd rows of file)");
        int rows = o.getInt("rows", 20000, 1, "source=generated: training rows");
        int valRows = o.getInt("valRows", 5000, 1, "source=generated: validation rows");
        int features = o.getInt("features", 1000, 1, "source=generated: features");
        int nnz = o.getInt("nnz", 20, 1, "source=generated: non-zeros per row");
        double noise = o.getDouble("noise", 0.1, "source=generated: label noise (standard deviation)");
        for (String k : source.equals("libsvm") ? new String[] {"rows", "valRows", "features", "nnz", "noise"} : new String[] {"file", "validationFile"})
            if (o.has(k)) throw new IllegalArgumentException("option " + k + " does not apply to source=" + source);
        if (source.equals("libsvm") && file.isEmpty()) throw new IllegalArgumentException("source=libsvm needs --set file=PATH");
        if (Datasets.offline()) throw new IllegalStateException("spark-decay starts Spark only to run, not while listing or probing");
        boolean perPartition = sampler(o);
        SparkLogisticProblem p = source.equals("libsvm") ? PartitionData.libsvm(SparkContexts.get(master), file, val.isEmpty() ? null : val, partitions, level)
                : PartitionData.generated(SparkContexts.get(master), seed, features, nnz, noise, rows, valRows, partitions, level);
        return perPartition ? p.sampledPerPartition() : p;
    }

    /** Option sampler: true for per-partition mini-batch draws ({@link Draw}), false for the solver's global indices. */
    private static boolean sampler(Options o) {
        return o.choice("sampler", "global", "engine=spark: mini-batches of the solver's global indices (global: the in-process samples) or drawn "
                + "by each partition, its share of the batch (partition: no index shipped, unbiased, not the in-process samples)", "global", "partition")
                .equals("partition");
    }

    /** Under spark-submit the driver's system property spark.master holds --master; otherwise local[2]. */
    static String defaultMaster() { return System.getProperty("spark.master", "local[2]"); }

    private static BilevelProblem create(Catalog.ProblemEntry e, Options o, long seed) {
        String engine = o.choice("engine", "local", "where the oracles run: local (this JVM) or spark (one distributed pass per oracle)", "local", "spark");
        String master = o.getString("sparkMaster", defaultMaster(), "engine=spark: Spark master URL (local[N], local[N,maxFailures], spark://host:port; "
                + "default: spark-submit's --master, else local[2])");
        int partitions = o.getInt("partitions", 4, 1, "engine=spark: partitions of the training and of the validation rows");
        boolean perPartition = sampler(o);
        BilevelProblem p = e.factory().create(o, seed);
        if (!engine.equals("spark")) {
            for (String key : new String[] {"sparkMaster", "partitions", "sampler"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to engine=spark only; add --set engine=spark");
            return p;
        }
        SparkLogisticProblem s = distributeOn(p, master, partitions);
        return perPartition ? s.sampledPerPartition() : s;
    }

    /** The Spark version of an in-process hyperclean or weightdecay problem on the context of {@code master}. */
    public static SparkLogisticProblem distributeOn(BilevelProblem p, String master, int partitions) {
        return distribute(p, SparkContexts.get(master), partitions);
    }

    /** The Spark version of an in-process hyperclean or weightdecay problem. */
    public static SparkLogisticProblem distribute(BilevelProblem p, org.apache.spark.api.java.JavaSparkContext sc, int partitions) {
        if (p instanceof HyperCleaning h)
            return SparkLogisticProblem.of(sc, h.trainingModel(), h.validationModel(), partitions, true, new RidgePenalty(h.reg()), h);
        if (p instanceof WeightDecay w)
            return SparkLogisticProblem.of(sc, w.trainingModel(), w.validationModel(), partitions, false,
                    new DecayPenalty(w.decay()), w); // the task's own decay: per feature, parameter or class
        throw new IllegalArgumentException("engine=spark supports hyperclean and weightdecay, not " + p.name());
    }
}
