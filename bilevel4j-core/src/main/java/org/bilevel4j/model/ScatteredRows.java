package org.bilevel4j.model;

/**
 * The rows a float32 CSR block ({@link SparseRowsFloat}, {@link SparseRowsClassLanes}) has scattered into its float partial
 * gradient since its last full flush: a bit per row of the matrix, to tell a repeated row (the features stored in at most
 * {@link SparseRowsFloat#FLUSH_ROWS} rows wait for a full flush only while the rows are distinct), and the rows in order, to
 * clear those bits and, when the rows are few, to flush only the features they store.
 */
final class ScatteredRows {
    private final long[] bits;
    private int[] rows = new int[64];
    private int count;
    private long entries;

    ScatteredRows(int n) { bits = new long[(n + 63) >>> 6]; }

    /** Adds row i, of len stored entries; false, adding nothing, when it is already there. */
    boolean add(int i, int len) {
        long bit = 1L << i;
        if ((bits[i >>> 6] & bit) != 0) return false;
        bits[i >>> 6] |= bit;
        if (count == rows.length) rows = java.util.Arrays.copyOf(rows, 2 * count);
        rows[count++] = i;
        entries += len;
        return true;
    }

    int count() { return count; }

    int row(int k) { return rows[k]; }

    /** The stored entries of the rows added. */
    long entries() { return entries; }

    /** No rows: the bits of the rows added cleared (their words: no other row's bit is set). */
    void clear() {
        for (int k = 0; k < count; k++) bits[rows[k] >>> 6] = 0;
        count = 0;
        entries = 0;
    }
}
