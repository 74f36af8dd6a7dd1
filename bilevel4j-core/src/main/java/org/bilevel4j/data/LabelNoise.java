package org.bilevel4j.data;

import java.util.SplittableRandom;

/**
 * Label corruption for data hyper-cleaning (ALGORITHMS.md §1.10): exactly round(p·n) samples, chosen uniformly
 * without replacement, get a new label.
 * <ul>
 * <li>{@link Mode#DIFFERENT}: drawn uniformly among the other K−1 classes, so every chosen label changes (BVFIM
 * paper, §1.10; the same law as stocBiO's random non-zero offset mod K).</li>
 * <li>{@link Mode#ANY}: drawn uniformly among all K classes (benchopt), so about 1/K of the chosen labels stay
 * the same.</li>
 * </ul>
 * The mask marks the chosen samples (in mode ANY, some of them keep their label; compare labels for "changed").
 */
public final class LabelNoise {
    public enum Mode {
        DIFFERENT, ANY;

        public static Mode parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "different" -> DIFFERENT;
                case "any" -> ANY;
                default -> throw new IllegalArgumentException("label corruption mode '" + s + "': expected 'different' or 'any'");
            };
        }
    }

    public record Corrupted(int[] labels, boolean[] mask) {
        public int count() {
            int c = 0;
            for (boolean b : mask) if (b) c++;
            return c;
        }
    }

    private LabelNoise() {}

    public static Corrupted corrupt(int[] labels, double p, int numClasses, long seed, Mode mode) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("corruption fraction " + p + " outside [0, 1]");
        if (numClasses < 2) throw new IllegalArgumentException("label corruption needs at least 2 classes, got " + numClasses);
        int n = labels.length;
        for (int l : labels) if (l < 0 || l >= numClasses) throw new IllegalArgumentException("label " + l + " outside 0.." + (numClasses - 1));
        int m = (int) Math.round(p * n);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        int[] out = labels.clone();
        boolean[] mask = new boolean[n];
        for (int k = 0; k < m; k++) { // partial Fisher–Yates: perm[0..m) is a uniform m-subset
            int j = k + rng.nextInt(n - k);
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
            int i = perm[k];
            mask[i] = true;
            out[i] = mode == Mode.DIFFERENT ? (labels[i] + 1 + rng.nextInt(numClasses - 1)) % numClasses : rng.nextInt(numClasses);
        }
        return new Corrupted(out, mask);
    }
}
