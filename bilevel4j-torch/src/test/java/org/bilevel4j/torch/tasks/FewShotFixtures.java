package org.bilevel4j.torch.tasks;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.torch.TorchSetup;

/** Tiny synthetic few-shot data (16×16 images: a class pattern plus noise) and CI-sized settings. */
final class FewShotFixtures {
    private FewShotFixtures() {}

    static final int SIDE = 16, SAMPLES = 8;

    static FewShotSettings.Data data() {
        int[] train = new int[10], eval = new int[6];
        for (int i = 0; i < 10; i++) train[i] = i;
        for (int i = 0; i < 6; i++) eval[i] = 10 + i;
        return new FewShotSettings.Data("synthetic", SIDE, SAMPLES, train, eval, FewShotFixtures::images);
    }

    static DenseMatrix images(int c) {
        SplittableRandom pattern = new SplittableRandom(1000 + c), noise = new SplittableRandom(2000 + c);
        float[] base = new float[SIDE * SIDE], v = new float[SAMPLES * SIDE * SIDE];
        for (int i = 0; i < base.length; i++) base[i] = pattern.nextDouble() < 0.3 ? 1f : 0f;
        for (int s = 0; s < SAMPLES; s++)
            for (int i = 0; i < base.length; i++) v[s * base.length + i] = (float) (base[i] + 0.3 * noise.nextGaussian());
        return new DenseMatrix(SAMPLES, SIDE * SIDE, v);
    }

    /** 2-way 2-shot, 2 queries, meta-batch 2, width 3, evaluation on 6 episodes every row. */
    static FewShotSettings settings(int stepsPerBatch) {
        return new FewShotSettings(2, 2, 2, 2, 3, 0.1, stepsPerBatch, 1, 6, 2, 200, false, 1, 3);
    }

    static FewShotProblem problem(TorchSetup setup, int stepsPerBatch) {
        return new FewShotProblem(settings(stepsPerBatch), data(), setup, 7);
    }
}
