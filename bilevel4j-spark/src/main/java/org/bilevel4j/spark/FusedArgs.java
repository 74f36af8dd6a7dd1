package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * What one fused pass needs on every executor (one broadcast): the points y_k, what is asked at each point (value,
 * ∇_x of the weighted rows' losses, ∇_y), and the rows of the call ({@link Args.Rows}). The per-sample x travels as
 * per-partition slices ({@link XSlice}).
 */
record FusedArgs(double[][] ys, boolean[] value, boolean[] gradX, boolean[] gradY, Args.Rows rows) implements Serializable {}
