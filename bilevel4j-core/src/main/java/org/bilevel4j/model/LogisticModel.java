package org.bilevel4j.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.bilevel4j.data.Features;
import org.bilevel4j.data.LabeledData;

/**
 * Binary (sigmoid, one output) or multinomial (softmax, K outputs) logistic regression over dense or CSR float
 * features, with an optional bias, and the exact derivatives of its weighted mean cross-entropy
 * <pre>  L(w) = (1/|B|) Σ_{i∈B} s_i ℓ_i(w),   ℓ_i = logsumexp(z_i) − z_{i,y_i},   z_i = W x̃_i</pre>
 * over a row set B (an index array, or all rows when null; no data is copied) with per-sample weights s
 * (indexed by the global row, 1 when null). Parameters are class-major: w[c·stride + j] is feature j of
 * output c, the bias of output c at j = {@link #features()}; stride = features + (bias ? 1 : 0).
 * <p>
 * Every oracle is one fused sweep over the rows (logits, softmax, loss and gradient row by row, the row
 * staying in cache), split into row blocks run in parallel. The softmax probabilities of the last sweep at
 * (w, B) are kept, so that repeated Hessian-vector products at one point (CG, Neumann) skip the logits.
 */
public final class LogisticModel {
    private final Features x;
    private final Precision precision;
    private final ByteFeatures bytes;
    private final RowKernel kernel;
    private final int[] labels;
    private final int classes, m, stride, n;
    private final boolean binary, bias;
    private final long totalWork;
    private volatile ProbCache cache;
    private volatile double curvature = Double.NaN;

    /**
     * The probabilities of a sweep at (w, rows) split into the given number of row blocks; each tile's in the layout its
     * sweep produced it (class-major for {@link RowKernel.Tiles#classMajor} tiles), so they are read back by a sweep with
     * the same blocks, hence the same tiles.
     */
    private record ProbCache(double[] w, int[] rows, int blocks, double[] probs) {}

    private static final VarHandle CACHE;

    static {
        try {
            CACHE = MethodHandles.lookup().findVarHandle(LogisticModel.class, "cache", ProbCache.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Takes the cache out for a sweep that keeps probabilities (the sweep owns it, and its array, until it puts a cache
     * back; a concurrent sweep finds none and computes its own).
     */
    private ProbCache takeCache() {
        return (ProbCache) CACHE.getAndSet(this, (ProbCache) null);
    }

    /**
     * The array for a sweep's new probabilities: that of the taken cache pc, which the sweep's cache replaces, when it
     * has the size, else a new one. A new 1.6 MB array per MNIST gradient pass made that pass 2× slower in some JVMs
     * (README, "The slow mode caught"): after G1 has grown its young generation, fresh arrays land on never-touched
     * pages, about 430 page faults a pass.
     */
    private static double[] probsArray(ProbCache pc, int size) {
        return pc != null && pc.probs.length == size ? pc.probs : new double[size];
    }

    /** The copy of w for a sweep's new cache: in the array of the taken cache pc, which it replaces, when it has the length. */
    private static double[] keptW(ProbCache pc, double[] w) {
        if (pc == null || pc.w.length != w.length) return w.clone();
        System.arraycopy(w, 0, pc.w, 0, w.length);
        return pc.w;
    }

    /** Row blocks' scratch and accumulators between sweeps ({@link #scratch}, {@link #blockSum}). */
    private final RowBlocks.Idle<Scratch> idleScratch = new RowBlocks.Idle<>();
    private final RowBlocks.Idle<double[]> idleSums = new RowBlocks.Idle<>();

    /**
     * A row block's scratch for one parameter point with a tile cursor accumulating into g: an idle one of the model's when
     * there is one (a new one per block and pass was about 40 page faults per MNIST pass in fresh eden: README, "The slow
     * mode caught"), else a new one. Handed back by {@link #done}.
     */
    private Scratch scratch(double[] g, boolean allRows) {
        RowKernel.Tiles tiles = kernel.tiles(m, stride, bias, g);
        int rows = tiles.consecutiveTile();
        Scratch sc = idleScratch.take(x -> x.lse.length == rows);
        if (sc == null) sc = new Scratch(rows);
        sc.tiles = tiles;
        sc.allRows = allRows;
        return sc;
    }

    /** The idle row-block scratch and accumulators the model holds between sweeps (for tests). */
    java.util.List<Object> idleScratch() {
        java.util.List<Object> l = new java.util.ArrayList<>(idleScratch.held());
        l.addAll(idleSums.held());
        return l;
    }

    /** The end of a block's scratch: the kernel's held-back sums flushed, the scratch idle again. */
    private void done(Scratch sc) {
        sc.tiles.finish();
        sc.tiles = null;
        idleScratch.give(sc);
    }

    /** A zero accumulator of the given length for a row block after the first (idle, else new); handed back by the sweep. */
    private double[] blockSum(int length) {
        double[] a = idleSums.take(x -> x.length == length);
        if (a == null) return new double[length];
        Arrays.fill(a, 0);
        return a;
    }

    /** out += the blocks' accumulators after the first (out itself), in block order ({@link RowBlocks#addBlocks}); they go idle. */
    private void addBlockSums(double[] out, double[][] acc) {
        RowBlocks.addBlocks(out, acc);
        for (int b = 1; b < acc.length; b++) idleSums.give(acc[b]);
    }

    private enum Mode {
        VALUE, GRAD, HVP, LOSSES, GRAD_DOTS, CORRECT,
        /** GRAD and LOSSES in one sweep; VALUE and LOSSES in one sweep (fused oracles). */
        GRAD_LOSSES, VALUE_LOSSES,
        /** The per-row logit derivatives r_i of GRAD and HVP, written out instead of summed into X̃ᵀR (SAGA tables). */
        GRAD_R, HVP_R;

        boolean sums() { return this == VALUE || this == GRAD || this == GRAD_LOSSES || this == VALUE_LOSSES; }

        boolean writesLosses() { return this == LOSSES || this == GRAD_LOSSES || this == VALUE_LOSSES; }

        boolean gradient() { return this == GRAD || this == GRAD_LOSSES || this == GRAD_R; }

        boolean perRowLogits() { return this == GRAD_R || this == HVP_R; }
    }

    private LogisticModel(Features x, int[] labels, int classes, boolean binary, boolean bias, Precision precision) {
        this(x, labels, classes, binary, bias, precision, null);
    }

    private LogisticModel(Features x, int[] labels, int classes, boolean binary, boolean bias, Precision precision, ByteFeatures bytes) {
        if (labels.length != x.rows()) throw new IllegalArgumentException(x.rows() + " rows but " + labels.length + " labels");
        if (classes < 2) throw new IllegalArgumentException("logistic regression needs at least 2 classes, got " + classes);
        for (int l : labels) if (l < 0 || l >= classes) throw new IllegalArgumentException("label " + l + " outside 0.." + (classes - 1));
        this.x = x;
        this.precision = precision;
        this.bytes = bytes;
        RowKernel byteKernel = bytes != null && precision == Precision.FLOAT ? SimdSupport.bytes(bytes) : null;
        this.kernel = byteKernel != null ? byteKernel : RowKernel.of(x, precision, binary ? 1 : classes);
        this.labels = labels;
        this.classes = classes;
        this.binary = binary;
        this.m = binary ? 1 : classes;
        this.bias = bias;
        this.stride = x.cols() + (bias ? 1 : 0);
        this.n = x.rows();
        long w = 0;
        for (int i = 0; i < n; i++) w += kernel.work(i);
        this.totalWork = w;
    }

    /** Labels in {0, 1}; one output, p(y = 1 | x) = σ(w·x̃). */
    public static LogisticModel binary(Features x, int[] labels, boolean bias) { return new LogisticModel(x, labels, 2, true, bias, Precision.DOUBLE); }

    /** Labels in 0..K−1; K outputs with a softmax. */
    public static LogisticModel multinomial(Features x, int[] labels, int classes, boolean bias) {
        return new LogisticModel(x, labels, classes, false, bias, Precision.DOUBLE);
    }

    /** Binary for two classes, multinomial otherwise. */
    public static LogisticModel of(LabeledData data, boolean bias) {
        if (data.labels() == null) throw new IllegalArgumentException("logistic regression needs class labels");
        return data.numClasses() == 2 ? binary(data.x(), data.labels(), bias) : multinomial(data.x(), data.labels(), data.numClasses(), bias);
    }

    /**
     * The same model over the same data (nothing copied) computing in the given precision; {@link Precision#DOUBLE}
     * is what the factories give.
     */
    public LogisticModel withPrecision(Precision p) {
        return p == precision ? this : new LogisticModel(x, labels, classes, binary, bias, p, bytes);
    }

    /**
     * The same model whose {@link Precision#FLOAT} sweeps read the features in their 8-bit form b (same matrix:
     * x_ij = b.get(i, j) to float rounding; a quarter of the bytes per pass); null: the float features again. Double
     * precision, sparse data and a JVM without the vector module keep the float features.
     */
    public LogisticModel withBytes(ByteFeatures b) {
        if (b == bytes) return this;
        if (b != null && (b.rows() != n || b.cols() != x.cols()))
            throw new IllegalArgumentException("8-bit features are " + b.rows() + " × " + b.cols() + " but the data " + n + " × " + x.cols());
        return new LogisticModel(x, labels, classes, binary, bias, precision, b);
    }

    public Precision precision() { return precision; }

    /** The feature rows (not copied; for engines that ship the data elsewhere, e.g. Spark). */
    public Features rowData() { return x; }

    /** The labels (not copied). */
    public int[] labels() { return labels; }

    public int dim() { return m * stride; }
    public int samples() { return n; }
    public int features() { return kernel.cols(); }
    public int outputs() { return m; }
    public int classes() { return classes; }
    public boolean hasBias() { return bias; }
    public boolean isBinary() { return binary; }
    public int stride() { return stride; }

    /** The row kernel in use, e.g. "dense SIMD float32 (jdk.incubator.vector, 512-bit)" or "dense scalar" (for reports). */
    public String kernel() { return kernel.describe(); }

    /**
     * Streams the feature bytes a pass over all rows reads, split into the same parallel row blocks as a sweep, doing
     * nothing else (the memory-bound time of a pass, for benchmarks); returns a checksum, NaN when the kernel cannot.
     */
    public double streamFeatures() {
        int k = RowBlocks.blocks(n, totalWork, kernel.blocksPerThread());
        double[] part = new double[k];
        RowBlocks.run(n, k, (b, lo, hi) -> part[b] = kernel.stream(lo, hi));
        double s = 0;
        for (double p : part) s += p;
        return s;
    }

    /** Bytes of feature storage a pass over all rows reads. */
    public long featureBytes() {
        long b = 0;
        for (int i = 0; i < n; i++) b += kernel.bytes(i);
        return b;
    }

    /** The index of feature j (j = features() for the bias) of output c in the parameter vector. */
    public int index(int c, int j) { return c * stride + j; }

    /** L(w) on rows (all when null) with sample weights sw (1 when null). */
    public double value(double[] w, int[] rows, double[] sw) { return sweep(Mode.VALUE, w, rows, sw, null, null, null); }

    /** Writes ∇L(w) into grad (overwritten) and returns L(w), in one sweep. */
    public double valueGrad(double[] w, int[] rows, double[] sw, double[] grad) {
        checkDim("gradient output", grad);
        return sweep(Mode.GRAD, w, rows, sw, null, grad, null);
    }

    /** out := ∇²L(w) v. Per row: multinomial (diag(p) − ppᵀ)(W-direction logits) x̃; binary p(1 − p). */
    public void hvp(double[] w, int[] rows, double[] sw, double[] v, double[] out) {
        checkDim("direction", v);
        checkDim("Hessian-vector output", out);
        sweep(Mode.HVP, w, rows, sw, v, out, null);
    }

    /** out[i] := ℓ_i(w) for i in rows (other entries untouched). */
    public void sampleLosses(double[] w, int[] rows, double[] out) { sweep(Mode.LOSSES, w, rows, null, null, null, out); }

    /** out[i] := ⟨∇ℓ_i(w), v⟩ for i in rows (other entries untouched). */
    public void sampleGradDots(double[] w, int[] rows, double[] v, double[] out) {
        checkDim("direction", v);
        sweep(Mode.GRAD_DOTS, w, rows, null, v, null, out);
    }

    /**
     * The logit derivatives of {@link #valueGrad}'s rows: out[q·m + c] = r_qc = sw_i (p_i − e_{y_i})_c / |rows| for the
     * q-th row i of rows, so that ∇L(w) = Σ_q x̃_i ⊗ r_q ({@link #spread}); out has |rows|·outputs() entries.
     */
    public void gradLogits(double[] w, int[] rows, double[] sw, double[] out) {
        checkLogits(rows, out);
        sweep(Mode.GRAD_R, w, rows, sw, null, null, out);
    }

    /** The same for {@link #hvp}: r_q = sw_i (diag(p_i) − p_i p_iᵀ) V x̃_i / |rows| (binary: p(1 − p) v·x̃_i). */
    public void hvpLogits(double[] w, int[] rows, double[] sw, double[] v, double[] out) {
        checkDim("direction", v);
        checkLogits(rows, out);
        sweep(Mode.HVP_R, w, rows, sw, v, null, out);
    }

    /** out := Σ_q x̃_{rows[q]} ⊗ r_q (overwritten): the gradient or HVP whose logit derivatives are r ({@link #gradLogits}). */
    public void spread(int[] rows, double[] r, double[] out) {
        checkDim("spread output", out);
        checkLogits(rows, r);
        Arrays.fill(out, 0);
        int count = rows == null ? n : rows.length, tile = RowKernel.TILE;
        RowKernel.Tiles tiles = kernel.tiles(m, stride, bias, out);
        int[] idx = new int[tile];
        double[] chunk = new double[tile * m];
        for (int t0 = 0; t0 < count; t0 += tile) {
            int c = Math.min(tile, count - t0);
            for (int q = 0; q < c; q++) idx[q] = rows == null ? t0 + q : rows[t0 + q];
            tiles.load(idx, c);
            System.arraycopy(r, t0 * m, chunk, 0, c * m);
            tiles.axpy(chunk);
        }
        tiles.finish();
    }

    private void checkLogits(int[] rows, double[] r) {
        int count = rows == null ? n : rows.length;
        if (r.length != count * m) throw new IllegalArgumentException("logit derivatives have length " + r.length + " but " + count + " rows × " + m + " outputs");
    }

    /**
     * Several parameter points in one sweep (fused oracles): returns L(w_k) for each point k, writes ∇L(w_k) into
     * grads[k] (overwritten) when grads[k] is not null and ℓ_i(w_k) into losses[k][i] (i in rows, other entries
     * untouched) when losses[k] is not null. Each tile of rows is read from memory once for all the points; every
     * number is the one {@link #valueGrad}, {@link #value} or {@link #sampleLosses} gives for that point alone.
     */
    public double[] valuesAt(double[][] ws, int[] rows, double[] sw, double[][] grads, double[][] losses) {
        int pts = ws.length;
        if (pts == 0 || grads.length != pts || losses.length != pts) throw new IllegalArgumentException("need one gradient and one loss slot per point");
        int count = rows == null ? n : rows.length;
        if (count == 0) throw new IllegalArgumentException("empty row set");
        if (sw != null && sw.length != n) throw new IllegalArgumentException("sample weights have length " + sw.length + " but the data has " + n + " rows");
        Mode[] modes = new Mode[pts];
        int cached = -1; // the first point with a gradient keeps its probabilities for HVPs at that point
        for (int q = 0; q < pts; q++) {
            checkDim("parameters", ws[q]);
            if (grads[q] != null) checkDim("gradient output", grads[q]);
            if (losses[q] != null && losses[q].length != n)
                throw new IllegalArgumentException("per-sample output has length " + losses[q].length + " but the data has " + n + " rows");
            boolean g = grads[q] != null, l = losses[q] != null;
            modes[q] = g ? (l ? Mode.GRAD_LOSSES : Mode.GRAD) : (l ? Mode.VALUE_LOSSES : Mode.VALUE);
            if (g && cached < 0) cached = q;
        }
        ProbCache pc = cached < 0 ? null : takeCache();
        double[] probs = cached < 0 ? null : probsArray(pc, count * m);
        double inv = 1.0 / count;
        int k = RowBlocks.blocks(count, totalWork / n * count, rows == null ? kernel.blocksPerThread() : RowBlocks.BLOCKS_PER_THREAD);
        int[] order = rows == null ? kernel.order() : null;
        double[][] partial = new double[k][pts];
        double[][][] acc = new double[k][pts][];
        for (double[] g : grads) if (g != null) Arrays.fill(g, 0);
        int keep = cached;
        RowBlocks.run(count, k, (b, lo, hi) -> {
            Scratch[] sc = new Scratch[pts];
            for (int q = 0; q < pts; q++) {
                acc[b][q] = grads[q] == null ? null : b == 0 ? grads[q] : blockSum(grads[q].length);
                sc[q] = scratch(acc[b][q], rows == null);
            }
            int wide = rows == null ? sc[0].tiles.consecutiveTile() : RowKernel.TILE;
            int[] idx = sc[0].idx;
            for (int t0 = lo, c; t0 < hi; t0 += c) {
                c = tileRows(t0, hi, wide);
                rowsOf(rows, order, t0, c, idx);
                for (int q = 0; q < pts; q++)
                    partial[b][q] = tile(modes[q], sc[q], ws[q], idx, c, t0, sw, null, losses[q], q == keep ? probs : null, false, inv, partial[b][q]);
            }
            for (Scratch x : sc) done(x);
        });
        double[] values = new double[pts];
        for (int q = 0; q < pts; q++) {
            double s = 0;
            for (int b = 0; b < k; b++) s += partial[b][q];
            values[q] = s;
            if (grads[q] != null) {
                double[][] sums = new double[k][];
                for (int b = 0; b < k; b++) sums[b] = acc[b][q];
                addBlockSums(grads[q], sums);
            }
        }
        if (cached >= 0) cache = new ProbCache(keptW(pc, ws[cached]), rows, k, probs);
        return values;
    }

    /** The fraction of rows whose arg-max output is the label. */
    public double accuracy(double[] w, int[] rows) { return sweep(Mode.CORRECT, w, rows, null, null, null, null); }

    private void checkDim(String what, double[] a) {
        if (a.length != dim()) throw new IllegalArgumentException(what + " has length " + a.length + " but the model has " + dim() + " parameters");
    }

    private double sweep(Mode mode, double[] w, int[] rows, double[] sw, double[] v, double[] outVec, double[] outSample) {
        checkDim("parameters", w);
        int count = rows == null ? n : rows.length;
        if (count == 0) throw new IllegalArgumentException("empty row set");
        if (sw != null && sw.length != n) throw new IllegalArgumentException("sample weights have length " + sw.length + " but the data has " + n + " rows");
        if (outSample != null && !mode.perRowLogits() && outSample.length != n)
            throw new IllegalArgumentException("per-sample output has length " + outSample.length + " but the data has " + n + " rows");
        double inv = 1.0 / count;
        boolean wantsProbs = mode == Mode.GRAD || mode == Mode.HVP || mode == Mode.GRAD_DOTS || mode.perRowLogits();
        ProbCache pc = wantsProbs ? takeCache() : null;
        int k = RowBlocks.blocks(count, totalWork / n * count, rows == null ? kernel.blocksPerThread() : RowBlocks.BLOCKS_PER_THREAD);
        // a gradient sweep always recomputes (it needs the loss); HVPs and gradient dots reuse its probabilities
        boolean cached = !mode.gradient() && pc != null && pc.rows == rows && pc.blocks == k && pc.probs.length == count * m
                && Arrays.equals(pc.w, w);
        double[] probs = !wantsProbs ? null : cached ? pc.probs : probsArray(pc, count * m);
        boolean accumulates = mode == Mode.GRAD || mode == Mode.HVP;
        double[] partial = new double[k];
        double[][] acc = new double[k][];
        int[] order = rows == null ? kernel.order() : null;
        if (accumulates) Arrays.fill(outVec, 0);
        RowBlocks.run(count, k, (b, lo, hi) -> {
            double[] g = !accumulates ? null : b == 0 ? outVec : blockSum(outVec.length);
            acc[b] = g;
            partial[b] = block(mode, w, rows, order, sw, v, g, outSample, probs, cached, inv, lo, hi);
        });
        double s = 0;
        for (int b = 0; b < k; b++) s += partial[b];
        if (accumulates) addBlockSums(outVec, acc);
        if (wantsProbs) cache = cached ? pc : new ProbCache(keptW(pc, w), rows, k, probs);
        return mode == Mode.CORRECT ? s / count : s;
    }

    /**
     * One row block of a sweep, tile by tile ({@link RowKernel#TILE} rows; over all rows, the kernel's wider tiles of
     * consecutive rows where it has them, {@link #tileRows}): the logits of the tile, then per row
     * the loss and softmax, then the tile's gradient (or HVP) contribution, all while the tile is in cache.
     * Returns the block's share of the value (weighted mean loss, or a count of correct predictions).
     */
    private double block(Mode mode, double[] w, int[] rows, int[] order, double[] sw, double[] v, double[] g, double[] outSample,
                         double[] probs, boolean cached, double inv, int lo, int hi) {
        Scratch sc = scratch(g, rows == null);
        int wide = rows == null ? sc.tiles.consecutiveTile() : RowKernel.TILE;
        int[] idx = sc.idx;
        double sum = 0;
        for (int t0 = lo, count; t0 < hi; t0 += count) {
            count = tileRows(t0, hi, wide);
            rowsOf(rows, order, t0, count, idx);
            sum = tile(mode, sc, w, idx, count, t0, sw, v, outSample, probs, cached, inv, sum);
        }
        done(sc);
        return sum;
    }

    /**
     * idx[0..count) := the rows at positions t0 .. t0 + count − 1 of a sweep: of rows, or of all rows in the kernel's
     * order (null: natural order, {@link RowKernel#order}).
     */
    private static void rowsOf(int[] rows, int[] order, int t0, int count, int[] idx) {
        if (rows != null) System.arraycopy(rows, t0, idx, 0, count);
        else if (order != null) System.arraycopy(order, t0, idx, 0, count);
        else for (int q = 0; q < count; q++) idx[q] = t0 + q;
    }

    /**
     * Rows of the tile at t0 of a block ending at hi: wide consecutive rows where they start at a multiple of wide and fit
     * ({@link RowKernel.Tiles#consecutiveTile}), else up to {@link RowKernel#TILE} rows, not crossing the next multiple of wide.
     */
    static int tileRows(int t0, int hi, int wide) {
        if (wide == RowKernel.TILE) return Math.min(RowKernel.TILE, hi - t0);
        if (t0 % wide == 0 && t0 + wide <= hi) return wide;
        return Math.min(RowKernel.TILE, Math.min(hi, (t0 / wide + 1) * wide) - t0);
    }

    /**
     * One thread's tile cursor and scratch (for its widest tile of the given rows) for one parameter point of a sweep: the
     * tile's row indices; per entry z, p, u, r; per row (class-major tiles) the log-sum-exp, the sum of the exponentials, the
     * weight a_q = s_i / |B| and p_q · u_q. Every entry a tile reads is written by that tile first, so an idle scratch of an
     * earlier sweep gives the same numbers as a new one.
     */
    private final class Scratch {
        RowKernel.Tiles tiles;
        /** Whether the sweep is over all rows (in the kernel's order): per-row logits then go to the row's own place. */
        boolean allRows;
        final int[] idx;
        final double[] z, p, u, r, lse, sum, a, pu;

        Scratch(int rows) {
            int size = rows * m;
            idx = new int[rows];
            z = new double[size];
            p = new double[size];
            u = new double[size];
            r = new double[size];
            lse = new double[rows];
            sum = new double[rows];
            a = new double[rows];
            pu = new double[rows];
        }
    }

    /**
     * One tile of a block ({@link RowKernel#TILE} rows idx[0..count), the tile starting at t0 of the block's row range):
     * the logits, then per row the loss and softmax, then the tile's gradient (or HVP) contribution, all while the
     * tile is in cache. Returns sum plus the tile's share of the value (weighted mean loss, or a count of correct
     * predictions), added row by row.
     */
    private double tile(Mode mode, Scratch sc, double[] w, int[] idx, int count, int t0, double[] sw, double[] v, double[] outSample,
                        double[] probs, boolean cached, double inv, double sum) {
        RowKernel.Tiles tiles = sc.tiles;
        double[] z = sc.z, p = sc.p, u = sc.u, r = sc.r;
        tiles.load(idx, count);
        if (!binary && tiles.classMajor()) return classMajorTile(mode, sc, w, idx, count, t0, sw, v, outSample, probs, cached, inv, sum);
        if (cached) {
            System.arraycopy(probs, t0 * m, p, 0, count * m);
        } else {
            tiles.dots(w, z);
            if (mode == Mode.CORRECT) {
                for (int q = 0; q < count; q++) sum += predicted(z, q * m, 1) == labels[idx[q]] ? 1 : 0; // a count: divided once at the end
                return sum;
            }
            if (!binary) softmaxTile(tiles, z, p, count, m, u);
            for (int q = 0; q < count; q++) {
                int i = idx[q], y = labels[i];
                double loss = binary ? sigmoidLoss(z[q * m], y, p, q * m) : u[q] - z[q * m + y]; // u[q] = logsumexp(z_q)
                if (mode.writesLosses()) outSample[i] = loss;
                if (mode.sums()) sum += (sw == null ? 1 : sw[i]) * loss * inv;
            }
            if (!mode.gradient() && mode != Mode.HVP && mode != Mode.HVP_R && mode != Mode.GRAD_DOTS) return sum;
            if (probs != null) System.arraycopy(p, 0, probs, t0 * m, count * m);
        }
        switch (mode) {
            case GRAD, GRAD_LOSSES, GRAD_R -> { // r_i = s_i (p_i − e_{y_i}) / |B|
                for (int q = 0; q < count; q++) {
                    int i = idx[q], y = labels[i], o = q * m;
                    double a = (sw == null ? 1 : sw[i]) * inv;
                    if (binary) {
                        r[o] = a * (p[o] - y);
                    } else { // the label's entry after the loop: a branch per entry was 3% of an 8-bit gradient pass (JFR)
                        for (int c = 0; c < m; c++) r[o + c] = a * p[o + c];
                        r[o + y] = a * (p[o + y] - 1);
                    }
                }
                if (mode == Mode.GRAD_R) writeLogits(sc, r, idx, count, t0, outSample);
                else tiles.axpy(r);
            }
            case HVP, HVP_R -> { // r_i = s_i (diag(p_i) − p_i p_iᵀ) u_i / |B|, u_i = V x̃_i
                tiles.dots(v, u);
                for (int q = 0; q < count; q++) {
                    int o = q * m;
                    double a = (sw == null ? 1 : sw[idx[q]]) * inv;
                    if (binary) {
                        r[o] = a * p[o] * (1 - p[o]) * u[o];
                    } else {
                        double pu = 0;
                        for (int c = 0; c < m; c++) pu += p[o + c] * u[o + c];
                        for (int c = 0; c < m; c++) r[o + c] = a * p[o + c] * (u[o + c] - pu);
                    }
                }
                if (mode == Mode.HVP_R) writeLogits(sc, r, idx, count, t0, outSample);
                else tiles.axpy(r);
            }
            case GRAD_DOTS -> { // ⟨∇ℓ_i, v⟩ = (p_i − e_{y_i}) · V x̃_i
                tiles.dots(v, u);
                for (int q = 0; q < count; q++) outSample[idx[q]] = binary ? (p[q] - labels[idx[q]]) * u[q] : gradDot(p, u, labels[idx[q]], q * m, 1);
            }
            default -> throw new IllegalStateException("mode " + mode + " cannot use cached probabilities");
        }
        return sum;
    }

    /**
     * {@link #tile} for a class-major tile of T rows (z[c·T + q], and p, u, r alike; softmax only): the same arithmetic
     * in the same order per row, with the rows in the inner loops, the softmax by the kernel
     * ({@link RowKernel.Tiles#softmaxClassMajor}; JDK 17's C2 vectorizes only the flat loop over the whole tile). The per-row outputs
     * (losses, logit derivatives, gradient dots) are written row-major as by {@link #tile}; the kept probabilities in the
     * tile's layout.
     */
    private double classMajorTile(Mode mode, Scratch sc, double[] w, int[] idx, int T, int t0, double[] sw, double[] v, double[] outSample,
                                  double[] probs, boolean cached, double inv, double sum) {
        RowKernel.Tiles tiles = sc.tiles;
        double[] z = sc.z, p = sc.p, u = sc.u, r = sc.r, a = sc.a;
        if (cached) {
            System.arraycopy(probs, t0 * m, p, 0, T * m);
        } else {
            tiles.dots(w, z);
            if (mode == Mode.CORRECT) {
                for (int q = 0; q < T; q++) sum += predicted(z, q, T) == labels[idx[q]] ? 1 : 0;
                return sum;
            }
            tiles.softmaxClassMajor(z, p, T, m, sc.lse, sc.sum);
            for (int q = 0; q < T; q++) {
                int i = idx[q];
                double loss = sc.lse[q] - z[labels[i] * T + q];
                if (mode.writesLosses()) outSample[i] = loss;
                if (mode.sums()) sum += (sw == null ? 1 : sw[i]) * loss * inv;
            }
            if (!mode.gradient() && mode != Mode.HVP && mode != Mode.HVP_R && mode != Mode.GRAD_DOTS) return sum;
            if (probs != null) System.arraycopy(p, 0, probs, t0 * m, T * m);
        }
        for (int q = 0; q < T; q++) a[q] = (sw == null ? 1 : sw[idx[q]]) * inv;
        switch (mode) {
            case GRAD, GRAD_LOSSES, GRAD_R -> { // r_i = s_i (p_i − e_{y_i}) / |B|, the labels' entries after the loop
                if (sw == null) for (int k = 0; k < T * m; k++) r[k] = inv * p[k]; // a_q = 1 · inv, one flat loop
                else tiles.scaleClassMajor(p, a, r, T, m);
                for (int q = 0; q < T; q++) {
                    int k = labels[idx[q]] * T + q;
                    r[k] = a[q] * (p[k] - 1);
                }
            }
            case HVP, HVP_R -> { // r_i = s_i (diag(p_i) − p_i p_iᵀ) u_i / |B|, u_i = V x̃_i
                tiles.dots(v, u);
                tiles.hvpClassMajor(p, u, a, r, sc.pu, T, m);
            }
            case GRAD_DOTS -> {
                tiles.dots(v, u);
                for (int q = 0; q < T; q++) outSample[idx[q]] = gradDot(p, u, labels[idx[q]], q, T);
                return sum;
            }
            default -> throw new IllegalStateException("mode " + mode + " cannot use cached probabilities");
        }
        if (mode.perRowLogits()) { // row-major out, as the other tiles
            for (int q = 0; q < T; q++) {
                int o = (sc.allRows ? idx[q] : t0 + q) * m;
                for (int c = 0; c < m; c++) outSample[o + c] = r[c * T + q];
            }
        } else {
            tiles.axpy(r);
        }
        return sum;
    }

    /** A row-major tile's per-row logit derivatives r into out at each row's position: its own row over all rows, else t0 + q. */
    private void writeLogits(Scratch sc, double[] r, int[] idx, int count, int t0, double[] out) {
        if (!sc.allRows) System.arraycopy(r, 0, out, t0 * m, count * m);
        else for (int q = 0; q < count; q++) System.arraycopy(r, q * m, out, idx[q] * m, m);
    }

    /** ⟨∇ℓ_i, v⟩ = (p_i − e_y) · V x̃_i over the m entries o + c·step of p and u (softmax). */
    private double gradDot(double[] p, double[] u, int y, int o, int step) {
        double dsum = 0;
        for (int c = 0; c < m; c++) dsum += (c == y ? p[o + c * step] - 1 : p[o + c * step]) * u[o + c * step];
        return dsum;
    }

    /** The arg-max output of the logits z[o + c·step], c &lt; m. */
    private int predicted(double[] z, int o, int step) {
        if (binary) return z[o] > 0 ? 1 : 0;
        int best = 0;
        for (int c = 1; c < m; c++) if (z[o + c * step] > z[o + best * step]) best = c;
        return best;
    }

    /** ℓ = log(1 + e^z) − y z, p[o] = σ(z), computed without overflow. */
    static double sigmoidLoss(double z, int y, double[] p, int o) {
        double e = Math.exp(-Math.abs(z));
        p[o] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        return Math.max(z, 0) + Math.log1p(e) - y * z;
    }

    /**
     * The softmax of the count rows of a tile at once: p[q·m + c] = softmax(z_q)_c and lse[q] = logsumexp(z_q), the
     * exponentials of the whole tile in one call of the kernel's {@link RowKernel.Tiles#exp} (vectorized by the SIMD
     * kernels). Per row the same arithmetic as {@link #softmaxLoss}: shift by the max, exp, sum, scale.
     */
    static void softmaxTile(RowKernel.Tiles tiles, double[] z, double[] p, int count, int m, double[] lse) {
        for (int q = 0; q < count; q++) {
            int o = q * m, c = 1;
            // four independent chains of Math.max (exact, so any order gives the same max): one chain of m − 1 was 8% of a
            // gradient pass (JFR, 8-bit kernel with lanes over rows), Math.max's NaN and −0 handling being a slow op
            double m0 = z[o], m1 = m0, m2 = m0, m3 = m0;
            for (; c + 3 < m; c += 4) {
                m0 = Math.max(m0, z[o + c]);
                m1 = Math.max(m1, z[o + c + 1]);
                m2 = Math.max(m2, z[o + c + 2]);
                m3 = Math.max(m3, z[o + c + 3]);
            }
            for (; c < m; c++) m0 = Math.max(m0, z[o + c]);
            double max = Math.max(Math.max(m0, m1), Math.max(m2, m3));
            for (c = 0; c < m; c++) p[o + c] = z[o + c] - max;
            lse[q] = max;
        }
        tiles.exp(p, count * m);
        for (int q = 0; q < count; q++) {
            int o = q * m;
            double s = 0;
            for (int c = 0; c < m; c++) s += p[o + c];
            double invS = 1 / s;
            for (int c = 0; c < m; c++) p[o + c] *= invS;
            lse[q] += Math.log(s);
        }
    }

    /** ℓ = logsumexp(z) − z_y, p = softmax(z), over the m entries from o of z and p. */
    static double softmaxLoss(double[] z, int y, double[] p, int o, int m) {
        double max = z[o];
        for (int c = 1; c < m; c++) max = Math.max(max, z[o + c]);
        double s = 0;
        for (int c = 0; c < m; c++) {
            double e = Math.exp(z[o + c] - max);
            p[o + c] = e;
            s += e;
        }
        double invS = 1 / s;
        for (int c = 0; c < m; c++) p[o + c] *= invS;
        return max + Math.log(s) - z[o + y];
    }

    /**
     * An estimate of the largest Hessian eigenvalue of the unweighted mean loss over all rows, for any w:
     * c·λ_max(X̃ᵀX̃ / n) with c = ½ (softmax) or ¼ (sigmoid), λ_max by 50 steps of power iteration from the
     * all-ones vector (a slight under-estimate at worst). Computed once.
     */
    public double curvatureBound() {
        double c = curvature;
        if (Double.isNaN(c)) {
            curvature = c = (binary ? 0.25 : 0.5) * gramLargestEigenvalue(50);
        }
        return c;
    }

    private double gramLargestEigenvalue(int iterations) {
        // on the binary view of the data (one output): v ← X̃ᵀX̃ v / n through the row kernel
        double[] v = new double[stride], next = new double[stride];
        Arrays.fill(v, 1 / Math.sqrt(stride));
        double lambda = 0;
        for (int it = 0; it < iterations; it++) {
            gram(v, next);
            double norm = 0;
            for (double a : next) norm += a * a;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            lambda = norm;
            for (int j = 0; j < stride; j++) v[j] = next[j] / norm;
        }
        return lambda;
    }

    /** out := X̃ᵀX̃ v / n. */
    private void gram(double[] v, double[] out) {
        int k = RowBlocks.blocks(n, totalWork);
        double[][] acc = new double[k][];
        RowBlocks.run(n, k, (b, lo, hi) -> {
            int tile = RowKernel.TILE;
            double[] g = new double[stride], z = new double[tile];
            RowKernel.Tiles tiles = kernel.tiles(1, stride, bias, g);
            int[] idx = new int[tile];
            for (int t0 = lo; t0 < hi; t0 += tile) {
                int count = Math.min(tile, hi - t0);
                for (int q = 0; q < count; q++) idx[q] = t0 + q;
                tiles.load(idx, count);
                tiles.dots(v, z);
                for (int q = 0; q < count; q++) z[q] /= n;
                tiles.axpy(z);
            }
            tiles.finish();
            acc[b] = g;
        });
        Arrays.fill(out, 0);
        double[][] sums = new double[k + 1][];
        sums[0] = out;
        System.arraycopy(acc, 0, sums, 1, k);
        RowBlocks.addBlocks(out, sums);
    }
}
