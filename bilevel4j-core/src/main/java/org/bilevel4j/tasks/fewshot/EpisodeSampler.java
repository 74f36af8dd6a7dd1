package org.bilevel4j.tasks.fewshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;

/**
 * Draws N-way K-shot episodes from a pool of classes that each have the same number of samples: N distinct
 * classes, then K + Q distinct samples of each (partial Fisher–Yates shuffles, so an episode costs O(pool) and
 * depends on the random stream only). The stream is an {@link Rng} whose state a checkpoint saves
 * ({@link #save}/{@link #restore}), so a resumed run draws exactly the episodes the uninterrupted one would.
 */
public final class EpisodeSampler {
    /** How many evaluation episodes every method is scored on (as the few-shot literature). */
    public static final int EVALUATION_EPISODES = 600;
    /** The seed of the evaluation episodes: fixed, so that all methods and seeds meet the same episodes. */
    public static final long EVALUATION_SEED = 600_600_600L;

    private final int[] pool;
    private final int samplesPerClass, ways, shots, queries;
    private final Rng rng;
    private long drawn;

    public EpisodeSampler(int[] pool, int samplesPerClass, int ways, int shots, int queries, long seed) {
        if (ways < 1 || shots < 1 || queries < 0)
            throw new IllegalArgumentException("episodes need ways >= 1, shots >= 1 and queries >= 0; got ways " + ways + ", shots " + shots + ", queries " + queries);
        if (ways > pool.length)
            throw new IllegalArgumentException(ways + "-way episodes need " + ways + " classes but the pool has " + pool.length + "; lower ways");
        if (shots + queries > samplesPerClass)
            throw new IllegalArgumentException("shots + queries = " + (shots + queries) + " exceeds the " + samplesPerClass + " samples of a class; lower shots or queries");
        this.pool = pool.clone();
        this.samplesPerClass = samplesPerClass;
        this.ways = ways;
        this.shots = shots;
        this.queries = queries;
        this.rng = new Rng(seed);
    }

    /** The next episode. */
    public Episode next() {
        int[] classes = firstOfShuffle(pool.clone(), ways);
        int[][] support = new int[ways][], query = new int[ways][];
        int[] samples = new int[samplesPerClass];
        for (int n = 0; n < ways; n++) {
            for (int i = 0; i < samplesPerClass; i++) samples[i] = i;
            int[] pick = firstOfShuffle(samples, shots + queries);
            support[n] = Arrays.copyOfRange(pick, 0, shots);
            query[n] = Arrays.copyOfRange(pick, shots, shots + queries);
        }
        drawn++;
        return new Episode(classes, support, query);
    }

    /** The next meta-batch of episodes. */
    public List<Episode> next(int metaBatch) {
        if (metaBatch < 1) throw new IllegalArgumentException("a meta-batch needs at least 1 episode, got " + metaBatch);
        List<Episode> out = new ArrayList<>(metaBatch);
        for (int b = 0; b < metaBatch; b++) out.add(next());
        return out;
    }

    /** Episodes drawn so far (restored with the state). */
    public long drawn() { return drawn; }

    /** Saves the stream's state under prefix + ".rng" (and the count and shape, checked by {@link #restore}). */
    public void save(Snapshot out, String prefix) {
        out.putLong(prefix + ".rng", rng.state()).putLong(prefix + ".drawn", drawn)
                .putLong(prefix + ".ways", ways).putLong(prefix + ".shots", shots).putLong(prefix + ".queries", queries)
                .putLong(prefix + ".pool", pool.length);
    }

    /** Continues from a state written by {@link #save} for a sampler of the same shape. */
    public void restore(Snapshot in, String prefix) {
        long w = in.integer(prefix + ".ways"), s = in.integer(prefix + ".shots"), q = in.integer(prefix + ".queries"), p = in.integer(prefix + ".pool");
        if (w != ways || s != shots || q != queries || p != pool.length)
            throw new IllegalArgumentException("the checkpoint's episode sampler drew " + w + "-way " + s + "-shot episodes with " + q + " queries from "
                    + p + " classes, this run asks for " + ways + "-way " + shots + "-shot with " + queries + " from " + pool.length
                    + "; resume with the checkpoint's settings or start afresh");
        rng.setState(in.integer(prefix + ".rng"));
        drawn = in.integer(prefix + ".drawn");
    }

    /** count episodes from a fresh sampler seeded with seed: the same list for the same arguments. */
    public static List<Episode> fixed(int[] pool, int samplesPerClass, int ways, int shots, int queries, int count, long seed) {
        EpisodeSampler s = new EpisodeSampler(pool, samplesPerClass, ways, shots, queries, seed);
        List<Episode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(s.next());
        return List.copyOf(out);
    }

    /** The {@link #EVALUATION_EPISODES} evaluation episodes of this shape (seed {@link #EVALUATION_SEED}), shared by every method. */
    public static List<Episode> evaluation(int[] pool, int samplesPerClass, int ways, int shots, int queries) {
        return fixed(pool, samplesPerClass, ways, shots, queries, EVALUATION_EPISODES, EVALUATION_SEED);
    }

    /** Partially shuffles a in place so that a[0..k) is a uniform random k-subset in random order; returns a copy of it. */
    private int[] firstOfShuffle(int[] a, int k) {
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, k);
    }
}
