package org.bilevel4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/** Where blocks of driver-side rows go: block b to partition b, through one shuffle, then cached there. */
final class Placement {
    private Placement() {}

    /**
     * The blocks as an RDD with block b in partition b, cached. A parallelized collection's partitions carry their
     * elements, so every task over it (and over anything mapped from it) would ship its rows again on every pass;
     * after the shuffle a partition is an index and a task carries no row. The rows cross once, in the first pass.
     */
    static JavaRDD<RowBlock> place(JavaSparkContext sc, List<RowBlock> blocks) {
        int p = blocks.size();
        List<Tuple2<Integer, RowBlock>> keyed = new ArrayList<>();
        for (int b = 0; b < p; b++) keyed.add(new Tuple2<>(b, blocks.get(b)));
        // HashPartitioner sends the Integer key b to partition b mod p = b
        return sc.parallelizePairs(keyed, p).partitionBy(new HashPartitioner(p)).values().persist(StorageLevel.MEMORY_ONLY());
    }
}
