package org.bilevel4j.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Function1;

/** Passes of a mini-batch view run tasks only on the partitions that hold rows of the batch. */
final class Pruning {
    private Pruning() {}

    /**
     * The partitions of block starts (block p: rows starts[p] .. starts[p+1]) that hold a row of the call: those with
     * a global index (idx), with a positive share (draw), or all (null) for a full-data call.
     */
    static boolean[] touched(int[] starts, Args.Rows rows) {
        if (rows.idx() == null && rows.draw() == null) return null;
        int p = starts.length - 1;
        boolean[] t = new boolean[p];
        if (rows.draw() != null) {
            for (int q = 0; q < p; q++) t[q] = rows.draw().shares()[q] > 0;
            return t;
        }
        for (int i : rows.idx()) {
            int q = java.util.Arrays.binarySearch(starts, i);
            q = q >= 0 ? q : -q - 2;               // the block whose range holds i ...
            while (starts[q + 1] == starts[q]) q++; // ... skipping empty blocks that start at the same row
            t[q] = true;
        }
        return t;
    }

    /**
     * Only the kept partitions of rdd (Spark's PartitionPruningRDD): the others launch no task and read no block; they
     * would add zeros to the sums and no slice of x.
     */
    @SuppressWarnings("unchecked")
    static <T> JavaRDD<T> keep(JavaRDD<T> rdd, boolean[] keep) {
        if (keep == null) return rdd;
        Function1<Object, Object> f = (Function1<Object, Object> & Serializable) i -> keep[(Integer) i];
        return new JavaRDD<>(PartitionPruningRDD.create(rdd.rdd(), f), rdd.classTag());
    }

    /** The number of partitions a call with {@code keep} runs on. */
    static int count(boolean[] keep, int all) {
        if (keep == null) return all;
        int c = 0;
        for (boolean k : keep) if (k) c++;
        return c;
    }
}
