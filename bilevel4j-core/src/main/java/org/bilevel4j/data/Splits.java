package org.bilevel4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded splits of sample indices into disjoint parts (train / validation / test ...). The same seed gives the
 * same parts; each part is in random order (no class runs, so minibatches are mixed).
 */
public final class Splits {
    private Splits() {}

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p, new SplittableRandom(seed));
        return p;
    }

    /** Disjoint random parts of the given sizes out of n samples (the sizes may leave samples out). */
    public static int[][] random(int n, long seed, int... sizes) {
        long total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("negative part size " + s);
            total += s;
        }
        if (total > n) throw new IllegalArgumentException("parts of sizes " + Arrays.toString(sizes) + " need " + total + " samples, only " + n + " exist");
        int[] p = permutation(n, seed);
        int[][] out = new int[sizes.length][];
        for (int k = 0, at = 0; k < sizes.length; at += sizes[k], k++) out[k] = Arrays.copyOfRange(p, at, at + sizes[k]);
        return out;
    }

    /**
     * Class-balanced disjoint parts: a part of size s holds ⌊s/K⌋ samples of each of the K = max(label)+1
     * classes, and one more of s mod K classes drawn at random. Fails when a class has too few samples.
     */
    public static int[][] balancedSplit(int[] labels, long seed, int... sizes) {
        int k = 0;
        for (int l : labels) {
            if (l < 0) throw new IllegalArgumentException("negative label " + l);
            k = Math.max(k, l + 1);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] pools = new int[k][];
        int[] count = new int[k];
        for (int l : labels) count[l]++;
        for (int c = 0; c < k; c++) pools[c] = new int[count[c]];
        int[] fill = new int[k];
        for (int i = 0; i < labels.length; i++) pools[labels[i]][fill[labels[i]]++] = i;
        for (int[] pool : pools) shuffle(pool, rng);
        int[] used = new int[k];
        int[][] out = new int[sizes.length][];
        for (int part = 0; part < sizes.length; part++) {
            int s = sizes[part];
            if (s < 0) throw new IllegalArgumentException("negative part size " + s);
            int[] perClass = new int[k];
            Arrays.fill(perClass, s / k);
            int[] order = permutation(k, rng.nextLong());
            for (int r = 0; r < s % k; r++) perClass[order[r]]++;
            int[] idx = new int[s];
            int at = 0;
            for (int c = 0; c < k; c++) {
                if (used[c] + perClass[c] > count[c])
                    throw new IllegalArgumentException("class " + c + " has " + count[c] + " samples; balanced parts of sizes "
                            + Arrays.toString(sizes) + " need more than that (" + (used[c] + perClass[c]) + " by part " + (part + 1) + ")");
                System.arraycopy(pools[c], used[c], idx, at, perClass[c]);
                used[c] += perClass[c];
                at += perClass[c];
            }
            shuffle(idx, rng);
            out[part] = idx;
        }
        return out;
    }

    /** Splits data into parts by index arrays (e.g. from {@link #random} or {@link #balancedSplit}). */
    public static List<LabeledData> apply(LabeledData data, int[][] parts) {
        List<LabeledData> out = new ArrayList<>(parts.length);
        for (int[] p : parts) out.add(data.subset(p));
        return out;
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
