package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * What one fused pass needs on every executor (one broadcast): the points y_k, what is asked at each point (value,
 * ∇_x of the weighted rows' losses, ∇_y), the global sample indices of a mini-batch view (null: all) and their total
 * count. The per-sample x travels as per-partition slices ({@link XSlice}).
 */
record FusedArgs(double[][] ys, boolean[] value, boolean[] gradX, boolean[] gradY, int[] idx, int total) implements Serializable {}
