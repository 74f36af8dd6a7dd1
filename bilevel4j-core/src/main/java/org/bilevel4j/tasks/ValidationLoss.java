package org.bilevel4j.tasks;

import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.vec.Vec;

/**
 * The outer objective shared by the logistic tasks: mean cross-entropy of the model on validation rows
 * (all of them when {@code rows} is null, else a mini-batch). It does not depend on the hyper-parameters x,
 * so its x-gradient and x-y cross derivative are zero.
 */
record ValidationLoss(LogisticModel val, int[] rows) {
    double value(Vec y) { return val.value(Vec.array(y), rows, null); }

    Vec gradY(Vec y) {
        double[] g = new double[y.dim()];
        val.valueGrad(Vec.array(y), rows, null, g);
        return Vec.of(g);
    }

    Vec hvpYY(Vec y, Vec v) {
        double[] out = new double[y.dim()];
        val.hvp(Vec.array(y), rows, null, Vec.array(v), out);
        return Vec.of(out);
    }
}
