package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * What one distributed pass needs on every executor, sent as one broadcast: y, a y-space direction v or null, the
 * global sample indices of a mini-batch view (null: every sample) and their total count. The per-sample x (and an
 * x-space direction) do not go here: each partition gets its own slice with its task ({@link XSlice}).
 */
record Args(double[] y, double[] dir, int[] idx, int total) implements Serializable {}
