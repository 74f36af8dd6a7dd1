package org.bilevel4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.tasks.WeightDecay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows that never pass through the driver: the partitions' generated rows equal the in-process generation of the
 * same seed (whatever the partitioning), a run on them equals the in-process run, and LIBSVM files read by Spark
 * give the problem the core reader's data give.
 */
class PartitionDataTest {
    static final JavaSparkContext SC = SparkContexts.get("local[2,2]");

    @Test void rowsMadeInPartitionsEqualTheInProcessRowsOfTheSameSeed() {
        int n = 301, d = 50, nnz = 7;
        for (boolean validation : new boolean[] {false, true}) {
            RowBlock all = new SparseRows(11, d, nnz, 0.1).block(0, n, validation, Precision.DOUBLE);
            for (int parts : new int[] {1, 4}) {
                List<RowBlock> blocks = PartitionData.generatedBlocks(SC, 11, d, nnz, 0.1, n, parts, validation);
                assertEquals(parts, blocks.size());
                int row = 0;
                for (RowBlock b : blocks) {
                    assertEquals(row, b.start);
                    CsrMatrix c = b.csr(), a = all.csr();
                    for (int r = 0; r < b.rows; r++, row++) {
                        assertEquals(all.labels()[row], b.labels()[r], "label of row " + row);
                        int[] ca = java.util.Arrays.copyOfRange(a.colIdx(), a.rowPtr()[row], a.rowPtr()[row + 1]);
                        assertArrayEquals(ca, java.util.Arrays.copyOfRange(c.colIdx(), c.rowPtr()[r], c.rowPtr()[r + 1]), "columns of row " + row);
                        assertArrayEquals(java.util.Arrays.copyOfRange(a.values(), a.rowPtr()[row], a.rowPtr()[row + 1]),
                                java.util.Arrays.copyOfRange(c.values(), c.rowPtr()[r], c.rowPtr()[r + 1]), "values of row " + row);
                    }
                }
                assertEquals(n, row);
            }
        }
        // the data are not trivial: both labels, distinct sorted columns, unit rows
        RowBlock b = new SparseRows(11, d, nnz, 0.1).block(0, n, false, Precision.DOUBLE);
        int ones = 0;
        for (int l : b.labels()) ones += l;
        assertTrue(ones > n / 5 && ones < 4 * n / 5, ones + " positives of " + n);
        CsrMatrix c = b.csr();
        for (int r = 0; r < n; r++) {
            double sq = 0;
            for (int k = c.rowPtr()[r]; k < c.rowPtr()[r + 1]; k++) {
                sq += c.values()[k] * c.values()[k];
                if (k > c.rowPtr()[r]) assertTrue(c.colIdx()[k] > c.colIdx()[k - 1]);
            }
            assertEquals(1, sq, 1e-6);
        }
    }

    @Test void aRunOnGeneratedPartitionsEqualsTheInProcessRun() {
        BilevelProblem p = PartitionData.generatedInProcess(5, 40, 6, 0.1, 400, 150);
        for (String storage : new String[] {"memory", "none"}) { // none: made again in every pass, the same rows each time
            SparkLogisticProblem s = PartitionData.generated(SC, 5, 40, 6, 0.1, 400, 150, 3, PartitionData.storage(storage));
            SparkLogisticProblemTest.sameOracles(p, s, 3);
            SparkLogisticProblemTest.sameRun(SparkLogisticProblemTest.run("aid-cg", p, 4), SparkLogisticProblemTest.run("aid-cg", s, 4));
            s.unpersist();
        }
    }

    @Test void libsvmFilesReadBySparkGiveTheCoreReadersProblem(@TempDir Path dir) throws Exception {
        // 3 classes, labels 2 / 5 / 7, blank and comment lines, more lines than one partition
        StringBuilder tr = new StringBuilder("# training rows\n"), va = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int[] labels = {2, 5, 7};
        for (int i = 0; i < 230; i++) {
            StringBuilder sb = i < 160 ? tr : va;
            sb.append(labels[i % 3]);
            for (int j = 1; j <= 12; j++) if (r.nextInt(3) == 0) sb.append(' ').append(j).append(':').append(String.format(java.util.Locale.ROOT, "%.3f", r.nextDouble(-1, 1)));
            sb.append(i % 17 == 0 ? "  # a comment\n\n" : "\n");
        }
        va.append("7 12:0.5\n"); // the largest index appears in a validation row
        Path train = dir.resolve("train.libsvm"), val = dir.resolve("val.libsvm");
        Files.writeString(train, tr);
        Files.writeString(val, va);
        SparkLogisticProblem s = PartitionData.libsvm(SC, train.toString(), val.toString(), 3, PartitionData.storage("memory"));
        LabeledData t = core(train, 12), v = core(val, 12);
        assertEquals(160, s.innerSamples());
        assertEquals(71, s.outerSamples());
        WeightDecay w = new WeightDecay(t, v, null, false, 0, -20, 2);
        assertEquals(w.dimY(), s.dimY());
        SparkLogisticProblemTest.sameOracles(w, s, 7);
        s.unpersist();
        // one file: even rows train, odd rows validate
        SparkLogisticProblem h = PartitionData.libsvm(SC, train.toString(), null, 4, PartitionData.storage("memory"));
        LabeledData all = core(train, 12);
        int[] even = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % 2 == 0).toArray();
        int[] odd = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % 2 == 1).toArray();
        SparkLogisticProblemTest.sameOracles(new WeightDecay(all.subset(even), all.subset(odd), null, false, 0, -20, 2), h, 8);
        h.unpersist();
        Files.writeString(dir.resolve("bad.libsvm"), "1 1:0.5\n0 3:1 2:1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartitionData.libsvm(SC, dir.resolve("bad.libsvm").toString(), null, 1, PartitionData.storage("memory")));
        assertTrue(e.getMessage().contains("bad.libsvm (partition 0, line 2 of it): index '2' is not an integer > 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PartitionData.libsvm(SC, dir.resolve("missing").toString(), null, 1, PartitionData.storage("memory")));
    }

    /** The core reader's rows with labels mapped to their rank among the distinct labels (2, 5, 7 → 0, 1, 2). */
    static LabeledData core(Path f, int d) throws Exception {
        org.bilevel4j.data.LibSvm.Data data = org.bilevel4j.data.LibSvm.read(f, d);
        int[] y = new int[data.y().length];
        for (int i = 0; i < y.length; i++) y[i] = data.y()[i] == 2 ? 0 : data.y()[i] == 5 ? 1 : 2;
        return LabeledData.classification(data.x(), y, 3);
    }

    @Test void theCatalogBuildsTheGeneratedTaskFromOptions() {
        Options o = new Options(Map.of("sparkMaster", "local[2,2]", "rows", "200", "valRows", "50", "features", "30", "nnz", "5", "partitions", "2"));
        SparkLogisticProblem p = (SparkLogisticProblem) Catalog.problem("spark-decay", o, 9);
        o.requireAllUsed("spark-decay");
        SparkLogisticProblemTest.sameOracles(PartitionData.generatedInProcess(9, 30, 5, 0.1, 200, 50), p, 4);
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("spark-decay", new Options(Map.of("source", "libsvm")), 1));
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("spark-decay", new Options(Map.of("storage", "tape")), 1));
        p.unpersist();
    }
}
