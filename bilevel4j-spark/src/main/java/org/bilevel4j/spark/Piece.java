package org.bilevel4j.spark;

import java.io.Serializable;

/** One block's slice of a per-sample (x-space) vector: entries start .. start + values.length. */
record Piece(int start, double[] values) implements Serializable {}
