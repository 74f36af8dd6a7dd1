package org.bilevel4j.torch.tasks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Schedule;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.torch.Params;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.vec.Vec;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The {@code referencePretrained} embedding: conv-4 plus a linear layer trained as an ordinary classifier over the
 * background classes (all of them, or the first {@code pretrainClasses} of a seeded shuffle), every sample of each,
 * Adam (step 1e-3) on shuffled mini-batches of 64 for {@code pretrainEpochs} epochs, batch norm on batch statistics;
 * the linear layer is then dropped. Kept per JVM for the same settings, so the runs of a bench share it.
 */
public final class FewShotPretrain {
    private FewShotPretrain() {}

    /** The embedding's parameters (the layout of {@code new Conv4(1, side, width, 0)}) and the training seconds. */
    public record Result(double[] embedding, double seconds, int classes) {}

    public static final int BATCH = 64;
    public static final double STEP = 1e-3;

    private static final Map<String, Result> KEPT = new ConcurrentHashMap<>();

    public static Result embedding(FewShotSettings.Data data, FewShotSettings s, TorchSetup setup, long seed) {
        String key = data.name() + "/" + data.side() + "/" + s.width() + "/" + s.pretrainEpochs() + "/" + s.pretrainClasses() + "/" + seed + "/" + setup.doublePrecision();
        return KEPT.computeIfAbsent(key, k -> train(data, s, setup, seed));
    }

    static Result train(FewShotSettings.Data data, FewShotSettings s, TorchSetup setup, long seed) {
        long t0 = System.nanoTime();
        Rng rng = new Rng(seed ^ 0x5eed5eedL);
        int[] pool = data.trainPool().clone();
        for (int i = pool.length - 1; i > 0; i--) { // seeded shuffle, then the first pretrainClasses
            int j = rng.nextInt(i + 1), t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int classes = s.pretrainClasses() == 0 ? pool.length : Math.min(s.pretrainClasses(), pool.length);
        int per = data.samplesPerClass(), pixels = data.side() * data.side(), n = classes * per;
        float[] img = new float[n * pixels];
        int[] label = new int[n];
        for (int c = 0; c < classes; c++) {
            DenseMatrix m = data.images().apply(pool[c]);
            System.arraycopy(m.values(), 0, img, c * per * pixels, per * pixels);
            for (int i = 0; i < per; i++) label[c * per + i] = c;
        }
        Conv4 clf = new Conv4(1, data.side(), s.width(), classes);
        Vec w = Vec.of(clf.init(seed ^ 0x9e7a1L));
        UpdateRule.Updater adam = UpdateRule.adam(Schedule.constant(STEP)).init(w);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int epoch = 0; epoch < s.pretrainEpochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int b0 = 0; b0 + 2 <= n; b0 += BATCH) { // batch norm needs 2 samples
                int m = Math.min(BATCH, n - b0);
                float[] bi = new float[m * pixels];
                int[] bl = new int[m];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(img, order[b0 + i] * pixels, bi, i * pixels, pixels);
                    bl[i] = label[order[b0 + i]];
                }
                adam.descend(w, gradient(clf, w, bi, bl, m, data.side(), setup));
            }
        }
        double[] all = w.toArray(), emb = java.util.Arrays.copyOf(all, new Conv4(1, data.side(), s.width(), 0).shapes().size());
        return new Result(emb, (System.nanoTime() - t0) * 1e-9, classes);
    }

    private static Vec gradient(Conv4 clf, Vec w, float[] img, int[] labels, int m, int side, TorchSetup setup) {
        try (PointerScope scope = new PointerScope()) {
            double[] a = w.toArray();
            Tensor wt = torch.from_blob(new DoublePointer(a), new long[] {a.length}, new TensorOptions(ScalarType.Double));
            wt = (setup.doublePrecision() ? wt.clone() : wt.to(ScalarType.Float)).requires_grad_(true);
            Tensor logits = clf.forward(new Params(clf.shapes(), wt), FewShotProblem.images(setup, img, m, side), true);
            Tensor loss = torch.nll_loss(torch.log_softmax(logits, 1), TorchSetup.longs(labels), new TensorOptional(), 1, -100);
            Tensor g = torch.grad(new TensorVector(loss), new TensorVector(wt), new TensorVector(), new BoolOptional(false), false, true).get(0);
            return Vec.of(TorchSetup.read(g, a.length));
        }
    }
}
