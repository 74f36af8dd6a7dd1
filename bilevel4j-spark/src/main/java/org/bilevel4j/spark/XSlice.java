package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * One partition's share of a per-sample (x-space) point: entries start .. start + x.length of hyper-cleaning's x
 * (one weight per training row, so as long as the data) and of an x-space direction u (null when the op has none).
 * It travels with that partition's task only, beside the block of the same rows; no executor sees the whole x.
 */
record XSlice(int start, double[] x, double[] u) implements Serializable {}
