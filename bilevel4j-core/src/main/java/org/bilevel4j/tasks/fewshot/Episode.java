package org.bilevel4j.tasks.fewshot;

/**
 * One N-way K-shot episode: {@code classes[n]} is the data set's class that plays label n (n = 0..N−1),
 * {@code support[n]} its K support samples and {@code query[n]} its Q query samples (sample indices within that
 * class, all distinct).
 */
public record Episode(int[] classes, int[][] support, int[][] query) {
    public int ways() { return classes.length; }

    public int shots() { return support[0].length; }

    public int queries() { return query[0].length; }
}
