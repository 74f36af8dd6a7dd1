package org.bilevel4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.FeatureDecay;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.tasks.WeightDecay;
import org.bilevel4j.vec.Vec;

/**
 * Per-feature weight decay (the {@code weightdecay} task's G and F, no bias, x_0 = 0, x in [−20, 2]) on rows that
 * never pass through the driver: made inside the partitions by {@link SparseRows}, or read and parsed by Spark from
 * LIBSVM files. Only sizes, the largest index, the labels seen and the largest row norm come back to the driver.
 * The inner Lipschitz constant is c·max_i ‖a_i‖² + e², a bound on c·λ_max(AᵀA/n) + e^{max x} (c = ¼ binary, ½
 * multinomial), since the data are not on the driver to estimate λ_max on.
 */
public final class PartitionData {
    static final double MIN_LOG = -20, MAX_LOG = 2;

    private PartitionData() {}

    /** "memory" (cached in executor memory), "disk" (serialized to executors' local disk) or "none" (made or read every pass). */
    public static StorageLevel storage(String name) {
        return switch (name) {
            case "memory" -> StorageLevel.MEMORY_ONLY();
            case "disk" -> StorageLevel.DISK_ONLY();
            case "none" -> StorageLevel.NONE();
            default -> throw new IllegalArgumentException("option storage=" + name + ": use memory, disk or none");
        };
    }

    /** Weight decay on {@code trainRows} + {@code valRows} rows of {@code gen}, each block made in its partition. */
    public static SparkLogisticProblem generated(JavaSparkContext sc, long seed, int features, int nnz, double noise, int trainRows, int valRows,
                                                 int partitions, StorageLevel level) {
        SparseRows gen = new SparseRows(seed, features, nnz, noise);
        if (trainRows < 1 || valRows < 1 || partitions < 1) throw new IllegalArgumentException("need rows, valRows and partitions >= 1");
        JavaRDD<RowBlock> train = generate(sc, gen, trainRows, partitions, false, level), val = generate(sc, gen, valRows, partitions, true, level);
        return problem(sc, "sparse-decay", train, val, SparkLogisticProblem.starts(trainRows, partitions), SparkLogisticProblem.starts(valRows, partitions),
                features, 2, gen.curvatureBound());
    }

    /** The same data in-process (one block, the same rows), with the same knowledge: the reference of the Spark runs. */
    public static BilevelProblem generatedInProcess(long seed, int features, int nnz, double noise, int trainRows, int valRows) {
        SparseRows gen = new SparseRows(seed, features, nnz, noise);
        WeightDecay w = new WeightDecay(labeled(gen.block(0, trainRows, false, Precision.DOUBLE)), labeled(gen.block(0, valRows, true, Precision.DOUBLE)),
                null, false, 0, MIN_LOG, MAX_LOG);
        return new KnownLipschitz(w, gen.curvatureBound() + Math.exp(MAX_LOG));
    }

    /** The rows the partitions of a generated data set hold, in order (tests: compare with the in-process block). */
    static List<RowBlock> generatedBlocks(JavaSparkContext sc, long seed, int features, int nnz, double noise, int rows, int partitions, boolean validation) {
        return generate(sc, new SparseRows(seed, features, nnz, noise), rows, partitions, validation, StorageLevel.NONE()).collect();
    }

    static LabeledData labeled(RowBlock b) { return LabeledData.classification(b.csr(), b.labels(), 2); }

    private static JavaRDD<RowBlock> generate(JavaSparkContext sc, SparseRows gen, int n, int partitions, boolean validation, StorageLevel level) {
        int p = Math.min(partitions, n);
        List<int[]> ranges = new ArrayList<>(); // only (start, count) per block leaves the driver
        for (int b = 0; b < p; b++) {
            int lo = (int) ((long) n * b / p), hi = (int) ((long) n * (b + 1) / p);
            ranges.add(new int[] {lo, hi - lo});
        }
        JavaRDD<RowBlock> rdd = sc.parallelize(ranges, p).map(r -> gen.block(r[0], r[1], validation, Precision.DOUBLE));
        return level == StorageLevel.NONE() ? rdd : rdd.persist(level);
    }

    // ---- LIBSVM ----------------------------------------------------------------------------------------------

    /** What a first read of a partition's lines returns: rows, largest index, largest ‖a_i‖², the labels seen. */
    record Stats(int rows, int maxIndex, double maxNormSq, double[] labels) implements java.io.Serializable {}

    /**
     * Weight decay on LIBSVM files read by Spark ({@code sc.textFile}, any path its executors can read): the training
     * rows from {@code trainPath}, the validation rows from {@code valPath}, or, when it is null, the even rows of
     * trainPath for training and the odd rows for validation. Labels: the distinct values sorted, mapped to 0..K−1
     * (2 classes: binary logistic). The files are read twice at the start (sizes, then rows) and then cached.
     */
    public static SparkLogisticProblem libsvm(JavaSparkContext sc, String trainPath, String valPath, int partitions, StorageLevel level) {
        if (partitions < 1) throw new IllegalArgumentException("option partitions=" + partitions + " must be >= 1");
        for (String f : valPath == null ? List.of(trainPath) : List.of(trainPath, valPath))
            if (!f.contains(":") && !java.nio.file.Files.isReadable(java.nio.file.Path.of(f)))
                throw new IllegalArgumentException(f + ": no such readable file (a path without a scheme is a local file)");
        JavaRDD<String> tl = sc.textFile(trainPath, partitions), vl = valPath == null ? tl : sc.textFile(valPath, partitions);
        List<Stats> ts = stats(tl, trainPath), vs = valPath == null ? ts : stats(vl, valPath);
        TreeSet<Double> labels = new TreeSet<>();
        int d = 0;
        double norm = 0;
        for (List<Stats> l : List.of(ts, vs))
            for (Stats s : l) {
                for (double v : s.labels()) labels.add(v);
                d = Math.max(d, s.maxIndex());
                norm = Math.max(norm, s.maxNormSq());
            }
        if (labels.size() < 2) throw new IllegalArgumentException(trainPath + (valPath == null ? "" : " and " + valPath)
                + ": need at least 2 distinct labels for a classification task, found " + labels);
        if (d < 1) throw new IllegalArgumentException(trainPath + ": no feature index in any line");
        double[] classes = labels.stream().mapToDouble(Double::doubleValue).toArray();
        int k = classes.length;
        int[] tStart = starts(ts, valPath == null ? 0 : -1), vStart = valPath == null ? starts(ts, 1) : starts(vs, -1);
        int[] tFile = starts(ts, -1), vFile = valPath == null ? tFile : starts(vs, -1);
        JavaRDD<RowBlock> train = blocks(tl, trainPath, tFile, tStart, valPath == null ? 0 : -1, d, classes, level);
        JavaRDD<RowBlock> val = blocks(vl, valPath == null ? trainPath : valPath, vFile, vStart, valPath == null ? 1 : -1, d, classes, level);
        int nT = tStart[tStart.length - 1], nV = vStart[vStart.length - 1];
        if (nT < 1 || nV < 1) throw new IllegalArgumentException(trainPath + ": need at least one training and one validation row, got " + nT + " and " + nV);
        return problem(sc, "libsvm-decay", train, val, tStart, vStart, d, k, (k == 2 ? 0.25 : 0.5) * norm);
    }

    private static List<Stats> stats(JavaRDD<String> lines, String path) {
        try {
            return statsJob(lines, path);
        } catch (Exception e) { // a bad line fails its task (SparkException, checked in Java, thrown by Scala): report the parser's message (exit 2), not Spark's
            for (Throwable c = e; c != null; c = c.getCause())
                if (c instanceof IllegalArgumentException bad) throw new IllegalArgumentException(bad.getMessage(), e);
            throw e;
        }
    }

    private static List<Stats> statsJob(JavaRDD<String> lines, String path) {
        return lines.mapPartitionsWithIndex((p, it) -> {
            int rows = 0, max = 0;
            double norm = 0;
            TreeSet<Double> labels = new TreeSet<>();
            for (int n = 1; it.hasNext(); n++) {
                LibSvmLine l = LibSvmLine.parse(it.next(), path + " (partition " + p + ", line " + n + " of it)");
                if (l == null) continue;
                rows++;
                if (l.cols().length > 0) max = Math.max(max, l.cols()[l.cols().length - 1] + 1);
                norm = Math.max(norm, l.normSq());
                labels.add(l.label());
                if (labels.size() > 1000) throw new IllegalArgumentException(path + ": more than 1000 distinct labels; a classification task needs classes");
            }
            return List.of(new Stats(rows, max, norm, labels.stream().mapToDouble(Double::doubleValue).toArray())).iterator();
        }, true).collect();
    }

    /**
     * The global index of each partition's first kept row and, last, the total: every row (parity −1), or the rows
     * whose index in the file has the given parity (0 even, 1 odd).
     */
    private static int[] starts(List<Stats> s, int parity) {
        int[] out = new int[s.size() + 1];
        long line = 0, kept = 0;
        for (int p = 0; p < s.size(); p++) {
            out[p] = (int) kept;
            long r = s.get(p).rows();
            kept += parity < 0 ? r : (line + r + 1 - parity) / 2 - (line + 1 - parity) / 2;
            line += r;
            if (kept > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("more than 2^31 rows");
        }
        out[s.size()] = (int) kept;
        return out;
    }

    /**
     * The partitions' rows as blocks: those of every line (parity −1) or of the lines whose row index in the file
     * (fileStart[p] + n for the n-th row of partition p) has the parity; the block of p starts at row start[p].
     */
    private static JavaRDD<RowBlock> blocks(JavaRDD<String> lines, String path, int[] fileStart, int[] start, int parity, int d, double[] classes,
                                            StorageLevel level) {
        JavaRDD<RowBlock> rdd = lines.mapPartitionsWithIndex((p, it) -> {
            List<LibSvmLine> kept = new ArrayList<>();
            int n = 0;
            long fileRow = fileStart[p];
            for (int ln = 1; it.hasNext(); ln++) {
                LibSvmLine l = LibSvmLine.parse(it.next(), path + " (partition " + p + ", line " + ln + " of it)");
                if (l == null) continue;
                if (parity < 0 || (fileRow + n) % 2 == parity) kept.add(l);
                n++;
            }
            int[] rowPtr = new int[kept.size() + 1], labels = new int[kept.size()];
            int nnz = 0;
            for (int r = 0; r < kept.size(); r++) {
                nnz += kept.get(r).cols().length;
                rowPtr[r + 1] = nnz;
                labels[r] = Arrays.binarySearch(classes, kept.get(r).label());
            }
            int[] cols = new int[nnz];
            float[] vals = new float[nnz];
            for (int r = 0; r < kept.size(); r++) {
                System.arraycopy(kept.get(r).cols(), 0, cols, rowPtr[r], kept.get(r).cols().length);
                System.arraycopy(kept.get(r).vals(), 0, vals, rowPtr[r], kept.get(r).vals().length);
            }
            return List.of(new RowBlock(start[p], d, classes.length, Precision.DOUBLE, rowPtr, cols, vals, labels)).iterator();
        }, true);
        return level == StorageLevel.NONE() ? rdd : rdd.persist(level);
    }

    /**
     * The problem over distributed rows with d features and k classes, block b of the training (validation) rows
     * being rows starts[b] .. starts[b + 1]; curvature: a bound on the data term's.
     */
    private static SparkLogisticProblem problem(JavaSparkContext sc, String name, JavaRDD<RowBlock> train, JavaRDD<RowBlock> val, int[] starts,
                                                int[] valStarts, int d, int k, double curvature) {
        LogisticModel shape = shape(d, k);
        FeatureDecay decay = new FeatureDecay(shape);
        Knowledge known = new FixedKnowledge(name, Box.uniform(decay.dim(), MIN_LOG, MAX_LOG), Vec.zeros(decay.dim()), Vec.zeros(shape.dim()),
                curvature + Math.exp(MAX_LOG));
        return SparkLogisticProblem.of(sc, train, val, starts, valStarts, decay.dim(), shape.dim(), new DecayPenalty(decay), known);
    }

    /** A one-row model of the shape (d features, k classes, no bias): the dimensions and the decay's layout. */
    private static LogisticModel shape(int d, int k) {
        CsrMatrix x = new CsrMatrix(1, d, new int[] {0, 0}, new int[0], new float[0]);
        return k == 2 ? LogisticModel.binary(x, new int[] {0}, false) : LogisticModel.multinomial(x, new int[] {0}, k, false);
    }
}
