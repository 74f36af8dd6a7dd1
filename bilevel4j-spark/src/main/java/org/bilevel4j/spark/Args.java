package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * What one distributed pass needs on every executor, sent as one broadcast: the point (x, y), a direction v (y-space)
 * or u (x-space) or null, the global sample indices of a mini-batch view (null: every sample) and their total count.
 */
record Args(double[] x, double[] y, double[] dir, int[] idx, int total) implements Serializable {}
