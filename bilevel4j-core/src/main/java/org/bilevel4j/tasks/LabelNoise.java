package org.bilevel4j.tasks;

import java.util.SplittableRandom;

/**
 * Label corruption of data hyper-cleaning (ALGORITHMS.md §1.10; §4.3 stocBiO): exactly round(p·n) samples, chosen
 * uniformly, get a label drawn uniformly from the other classes (a random non-zero offset mod K).
 */
public record LabelNoise(int[] labels, boolean[] corrupted) {
    public static LabelNoise corrupt(int[] clean, int classes, double p, long seed) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("corruption fraction p must be in [0, 1], got " + p);
        int n = clean.length, count = (int) Math.round(p * n);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = 0; i < count; i++) { // partial Fisher–Yates: the first `count` entries are a uniform subset
            int j = i + rng.nextInt(n - i), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] labels = clean.clone();
        boolean[] mask = new boolean[n];
        for (int k = 0; k < count; k++) {
            int i = order[k];
            labels[i] = (clean[i] + 1 + rng.nextInt(classes - 1)) % classes;
            mask[i] = true;
        }
        return new LabelNoise(labels, mask);
    }
}
