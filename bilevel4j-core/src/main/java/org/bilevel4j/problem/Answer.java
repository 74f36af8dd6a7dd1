package org.bilevel4j.problem;

import org.bilevel4j.vec.Vec;

/** The answer of a fused oracle call at one point: NaN / null for the parts not asked ({@link Request}). */
public record Answer(double value, Vec gradX, Vec gradY) {}
