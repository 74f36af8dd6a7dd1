package org.bilevel4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;
import scala.Tuple2;

/**
 * A logistic bilevel task (hyper-cleaning, per-feature weight decay) whose training and validation rows live in
 * Spark partitions (one {@link RowBlock} each):
 * <pre>
 *   inner  G(x, y) = (1/|B|) Σ_{i∈B} s_i(x) CE_i(y) + R(x, y)     (s_i = σ(x_i) when weighted, else 1; R on the driver)
 *   outer  F(x, y) = (1/|V|) Σ_{j∈V} CE_j(y)                       (validation rows)
 * </pre>
 * Every data oracle is one distributed pass: (y, direction, batch indices) go out as one broadcast, the per-sample x
 * of hyper-cleaning (as long as the data) goes as per-partition slices, each with the task of its rows
 * ({@link XSlice}, zipped with the cached blocks), every partition runs the core kernels on its rows
 * ({@link BlockOps}), y-space results combine by a tree aggregate and x-space (per-sample) results come back as
 * the partitions' slices. Mini-batch views take the solver's global sample indices, so
 * stochastic runs see the same samples as in-process. Fused requests ({@link #innerAt}, {@link #outerAt}: value,
 * ∇_x and ∇_y of G at one or two points) are one pass each, as in-process, so the pass counts are the in-process
 * ones. Knowledge (bounds, initial x, Lipschitz estimates, metrics) comes from the in-process twin, which does no
 * pass, or is given up front when the rows were made inside the partitions ({@link PartitionData}).
 */
public final class SparkLogisticProblem implements BilevelProblem {
    private final JavaSparkContext sc;
    private final JavaRDD<RowBlock> train, val;
    private final int nTrain, nVal, dimX, dimY;
    private final boolean weighted;
    private final Penalty penalty;
    private final Knowledge known;
    private final int[] outerIdx, innerIdx;
    private final int[] starts, valStarts; // training (validation) block b holds rows starts[b] .. starts[b + 1]
    private final boolean perPartition;    // mini-batches drawn by each partition ({@link Draw}) instead of global indices
    private final int failPartition;
    private final PassCounts jobs; // distributed passes and their tasks, shared by the mini-batch views

    private SparkLogisticProblem(JavaSparkContext sc, JavaRDD<RowBlock> train, JavaRDD<RowBlock> val, int nTrain, int nVal, int dimX, int dimY,
                                 boolean weighted, Penalty penalty, Knowledge known, int[] outerIdx, int[] innerIdx, int[] starts,
                                 int[] valStarts, boolean perPartition, int failPartition, PassCounts jobs) {
        this.sc = sc;
        this.train = train;
        this.val = val;
        this.nTrain = nTrain;
        this.nVal = nVal;
        this.dimX = dimX;
        this.dimY = dimY;
        this.weighted = weighted;
        this.penalty = penalty;
        this.known = known;
        this.outerIdx = outerIdx;
        this.innerIdx = innerIdx;
        this.starts = starts;
        this.valStarts = valStarts;
        this.perPartition = perPartition;
        this.failPartition = failPartition;
        this.jobs = jobs;
    }

    /**
     * Distributes the rows of {@code trainModel} and {@code valModel} over {@code partitions} partitions each
     * (contiguous blocks, cached in executor memory).
     *
     * @param weighted  hyper-cleaning's per-sample weights σ(x_i) (x has one entry per training row)
     * @param twin      the same problem in-process, for knowledge and metrics only
     */
    static SparkLogisticProblem of(JavaSparkContext sc, LogisticModel trainModel, LogisticModel valModel, int partitions,
                                          boolean weighted, Penalty penalty, BilevelProblem twin) {
        if (partitions < 1) throw new IllegalArgumentException("option partitions=" + partitions + " must be >= 1");
        int[] starts = starts(trainModel.samples(), partitions);
        return new SparkLogisticProblem(sc, blocks(sc, trainModel, starts), blocks(sc, valModel, starts(valModel.samples(), partitions)),
                trainModel.samples(), valModel.samples(), twin.dimX(), twin.dimY(), weighted, penalty, Knowledge.of(twin), null, null,
                starts, starts(valModel.samples(), partitions), false, -1, new PassCounts());
    }

    /**
     * Unweighted rows that already live in partitions (made or read there; cached by the caller), block b of the
     * training (validation) rows being rows starts[b] .. starts[b + 1], with given knowledge.
     */
    static SparkLogisticProblem of(JavaSparkContext sc, JavaRDD<RowBlock> train, JavaRDD<RowBlock> val, int[] starts, int[] valStarts, int dimX,
                                   int dimY, Penalty penalty, Knowledge knowledge) {
        return new SparkLogisticProblem(sc, train, val, starts[starts.length - 1], valStarts[valStarts.length - 1], dimX, dimY, false, penalty,
                knowledge, null, null, starts, valStarts, false, -1, new PassCounts());
    }

    /** Distributed passes (Spark jobs) this problem and its views have launched so far. */
    public long sparkJobs() { return jobs.jobs.get(); }

    /** Spark tasks those passes ran (a mini-batch view's pass runs only on the partitions that hold its rows). */
    public long sparkTasks() { return jobs.tasks.get(); }

    /** The same problem whose passes fail on the first attempt of partition {@code p} (tests of Spark's retries). */
    SparkLogisticProblem failingOnce(int p) {
        return new SparkLogisticProblem(sc, train, val, nTrain, nVal, dimX, dimY, weighted, penalty, known, outerIdx, innerIdx, starts, valStarts,
                perPartition, p, jobs);
    }

    /**
     * The same problem whose mini-batch views let each partition draw its own share of the rows ({@link Draw}):
     * a view's global indices give only the batch size and a seed; the estimates are unbiased but are not the
     * in-process ones. Full-data views and calls are unchanged.
     */
    public SparkLogisticProblem sampledPerPartition() {
        return new SparkLogisticProblem(sc, train, val, nTrain, nVal, dimX, dimY, weighted, penalty, known, outerIdx, innerIdx, starts, valStarts,
                true, failPartition, jobs);
    }

    /** The first row of each of min(partitions, n) contiguous blocks of n rows, then n. */
    static int[] starts(int n, int partitions) {
        int p = Math.min(partitions, n);
        int[] s = new int[p + 1];
        for (int b = 0; b <= p; b++) s[b] = (int) ((long) n * b / p);
        return s;
    }

    private static JavaRDD<RowBlock> blocks(JavaSparkContext sc, LogisticModel m, int[] starts) {
        List<RowBlock> list = new ArrayList<>();
        for (int b = 0; b + 1 < starts.length; b++) list.add(new RowBlock(m, starts[b], starts[b + 1] - starts[b]));
        return Placement.place(sc, list);
    }

    /** The training blocks, each with its own slice of x (and of u) when the rows are weighted, else with null. */
    JavaRDD<Tuple2<RowBlock, XSlice>> withSlices(boolean weighted, double[] x, double[] u) {
        if (!weighted) return train.map(b -> new Tuple2<>(b, null));
        List<XSlice> l = new ArrayList<>();
        for (int b = 0; b + 1 < starts.length; b++)
            l.add(new XSlice(starts[b], Arrays.copyOfRange(x, starts[b], starts[b + 1]), u == null ? null : Arrays.copyOfRange(u, starts[b], starts[b + 1])));
        // partition b of the parallelized slices holds slice b alone (p elements in p partitions), beside block b
        return train.zipPartitions(sc.parallelize(l, l.size()), (bs, ss) -> {
            List<Tuple2<RowBlock, XSlice>> out = new ArrayList<>();
            while (bs.hasNext()) out.add(new Tuple2<>(bs.next(), ss.next()));
            return out.iterator();
        });
    }

    /** Releases the cached partitions. */
    public void unpersist() {
        train.unpersist(false);
        val.unpersist(false);
    }

    @Override public String name() { return known.name(); }
    @Override public int dimX() { return dimX; }
    @Override public int dimY() { return dimY; }
    @Override public int innerSamples() { return nTrain; }
    @Override public int outerSamples() { return nVal; }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, outerSamples(), "outer");
        Batches.check(inner, innerSamples(), "inner");
        return new SparkLogisticProblem(sc, train, val, nTrain, nVal, dimX, dimY, weighted, penalty, known, outer, inner, starts, valStarts,
                perPartition, failPartition, jobs);
    }

    /** What a pass over the training (inner) or validation rows of this view sends: global indices, or the per-partition draw. */
    private Args.Rows rows(boolean inner) {
        int[] idx = inner ? innerIdx : outerIdx;
        int n = inner ? nTrain : nVal;
        if (idx == null) return new Args.Rows(null, null, n);
        if (!perPartition) return new Args.Rows(idx, null, idx.length);
        Draw d = Draw.of(seedOf(idx), inner ? starts : valStarts, idx.length);
        return new Args.Rows(null, d, d.total());
    }

    /** A seed from the solver's index set (the same view draws the same rows in every pass). */
    private static long seedOf(int[] idx) {
        long h = 0x243F6A8885A308D3L;
        for (int i : idx) h = (h ^ i) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    // ---- passes ----------------------------------------------------------------------------------------------

    /**
     * The blocks of a pass over the training (inner, with their x slices when weighted) or validation rows, only those
     * that hold rows of the call ({@link Pruning}): a small mini-batch launches tasks on few partitions.
     */
    private JavaRDD<Tuple2<RowBlock, XSlice>> blocksFor(boolean inner, Args.Rows r, boolean w, double[] x, double[] u) {
        JavaRDD<Tuple2<RowBlock, XSlice>> all = inner ? withSlices(w, x, u) : val.map(v -> new Tuple2<>(v, null));
        boolean[] keep = Pruning.touched(inner ? starts : valStarts, r);
        jobs.tasks.addAndGet(Pruning.count(keep, all.getNumPartitions()));
        return Pruning.keep(all, keep);
    }

    /** One pass over the training (inner) or validation (outer) rows of a y-space op: gradient/product and value. */
    private double[] reduce(BlockOps.Op op, boolean inner, Vec x, Vec y, double[] dir) {
        boolean w = inner && weighted, xDir = op == BlockOps.Op.CROSS_YX; // CROSS_YX's direction u is per-sample
        Args.Rows r = rows(inner);
        Broadcast<Args> b = sc.broadcast(new Args(Vec.array(y), xDir ? null : dir, r));
        int fail = failPartition;
        jobs.jobs.incrementAndGet();
        try {
            return blocksFor(inner, r, w, Vec.array(x), xDir ? dir : null).map(t -> BlockOps.reduce(op, t._1(), t._2(), b.value(), w, fail)).treeAggregate(new double[dimY + 1], BlockOps::add, BlockOps::add);
        } finally {
            b.destroy();
        }
    }

    /** One pass over the training rows of an x-space op (hyper-cleaning), assembled from the partitions' slices. */
    private double[] perSample(BlockOps.Op op, Vec x, Vec y, double[] dir) {
        Args.Rows r = rows(true);
        Broadcast<Args> b = sc.broadcast(new Args(Vec.array(y), dir, r));
        int fail = failPartition;
        jobs.jobs.incrementAndGet();
        try {
            double[] out = new double[nTrain];
            for (Piece p : blocksFor(true, r, true, Vec.array(x), null).map(t -> BlockOps.perSample(op, t._1(), t._2(), b.value(), fail)).collect())
                System.arraycopy(p.values(), 0, out, p.start(), p.values().length);
            return out;
        } finally {
            b.destroy();
        }
    }

    /**
     * A fused request at the points ys over the training (inner) or validation rows: one pass when any part reads
     * the data (a value, ∇_y, or hyper-cleaning's ∇_x), none otherwise (weight decay's ∇_x G is R's alone).
     */
    private Answer[] fused(boolean inner, Vec xv, Vec[] ys, Request[] rs) {
        int pts = ys.length;
        boolean w = inner && weighted, pass = false;
        double[] x = Vec.array(xv);
        double[][] yy = new double[pts][];
        boolean[] value = new boolean[pts], gradX = new boolean[pts], gradY = new boolean[pts];
        for (int k = 0; k < pts; k++) {
            yy[k] = Vec.array(ys[k]);
            value[k] = rs[k].value();
            gradX[k] = rs[k].gradX();
            gradY[k] = rs[k].gradY();
            pass |= value[k] || gradY[k] || (w && gradX[k]);
        }
        FusedPart part = null;
        if (pass) {
            Args.Rows r = rows(inner);
            Broadcast<FusedArgs> b = sc.broadcast(new FusedArgs(yy, value, gradX, gradY, r));
            int fail = failPartition, dim = dimY;
            jobs.jobs.incrementAndGet();
            try {
                part = blocksFor(inner, r, w, x, null).treeAggregate(new FusedPart(pts, dim), (acc, t) -> acc.merge(BlockOps.fused(t._1(), t._2(), b.value(), w, fail)),
                        FusedPart::merge);
            } finally {
                b.destroy();
            }
        }
        Answer[] out = new Answer[pts];
        for (int k = 0; k < pts; k++) {
            int o = k * (dimY + 1);
            double[] g = gradY[k] ? java.util.Arrays.copyOfRange(part.sums, o, o + dimY) : null;
            double v = value[k] ? part.sums[o + dimY] : Double.NaN;
            double[] gx = null;
            if (gradX[k]) {
                gx = new double[dimX];
                if (w) for (Piece p : part.slices[k]) System.arraycopy(p.values(), 0, gx, p.start(), p.values().length);
            }
            if (inner) {
                if (g != null) penalty.addGradW(x, yy[k], g);
                if (value[k]) v += penalty.value(x, yy[k]);
                if (gx != null) penalty.addGradX(x, yy[k], gx);
            }
            out[k] = new Answer(v, gx == null ? null : Vec.of(gx), g == null ? null : Vec.of(g));
        }
        return out;
    }

    @Override public boolean fusesPasses() { return true; }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return fused(true, x, new Vec[] {y}, new Request[] {r})[0]; }

    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) {
        return fused(true, x, new Vec[] {y, z}, new Request[] {atY, atZ});
    }

    @Override public Answer outerAt(Vec x, Vec y, Request r) { return fused(false, x, new Vec[] {y}, new Request[] {r})[0]; }

    private static double[] head(double[] r) { return java.util.Arrays.copyOf(r, r.length - 1); }

    // ---- inner -----------------------------------------------------------------------------------------------

    @Override public double innerValue(Vec x, Vec y) {
        double[] r = reduce(BlockOps.Op.VALUE, true, x, y, null);
        return r[dimY] + penalty.value(Vec.array(x), Vec.array(y));
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        double[] g = head(reduce(BlockOps.Op.GRAD, true, x, y, null));
        penalty.addGradW(Vec.array(x), Vec.array(y), g);
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec x, Vec y) {
        double[] g = weighted ? perSample(BlockOps.Op.GRAD_X, x, y, null) : new double[dimX];
        penalty.addGradX(Vec.array(x), Vec.array(y), g);
        return Vec.of(g);
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        double[] out = head(reduce(BlockOps.Op.HVP, true, x, y, Vec.array(v)));
        penalty.addHvp(Vec.array(x), Vec.array(y), Vec.array(v), out);
        return Vec.of(out);
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) {
        double[] out = weighted ? perSample(BlockOps.Op.CROSS_XY, x, y, Vec.array(v)) : new double[dimX];
        penalty.addCrossXY(Vec.array(x), Vec.array(y), Vec.array(v), out);
        return Vec.of(out);
    }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        double[] out = weighted ? head(reduce(BlockOps.Op.CROSS_YX, true, x, y, Vec.array(u))) : new double[dimY];
        penalty.addCrossYX(Vec.array(x), Vec.array(y), Vec.array(u), out);
        return Vec.of(out);
    }

    // ---- outer: validation cross-entropy, independent of x ---------------------------------------------------

    @Override public double outerValue(Vec x, Vec y) { return reduce(BlockOps.Op.VALUE, false, x, y, null)[dimY]; }

    @Override public Vec outerGradY(Vec x, Vec y) { return Vec.of(head(reduce(BlockOps.Op.GRAD, false, x, y, null))); }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return Vec.of(head(reduce(BlockOps.Op.HVP, false, x, y, Vec.array(v)))); }

    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.zeros(dimX); }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(dimX); }

    // ---- knowledge from the in-process twin or given up front (no pass) ---------------------------------------------------------

    @Override public Box bounds() { return known.bounds(); }
    @Override public Vec initialX() { return known.initialX(); }
    @Override public Vec initialY() { return known.initialY(); }
    @Override public double innerLipschitz() { return known.innerLipschitz(); }
    @Override public double hypergradLipschitz() { return known.hypergradLipschitz(); }
    @Override public Map<String, Double> metrics(Vec x, Vec y) { return known.metrics(x, y); }
}
