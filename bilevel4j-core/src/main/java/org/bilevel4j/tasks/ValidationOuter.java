package org.bilevel4j.tasks;

import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Vec;

/**
 * The outer objective shared by the logistic tasks: F(x, y) = mean cross-entropy of the model y on the validation
 * rows (all of them, or a mini-batch view's). It does not depend on the hyper-parameters x, so its x-gradient and
 * x-y cross derivative are zero.
 */
interface ValidationOuter extends BilevelProblem {
    /** The model over the validation data. */
    LogisticModel validationModel();

    /** The validation rows of this view, or null for all of them. */
    int[] validationRows();

    @Override default double outerValue(Vec x, Vec y) { return validationModel().value(Vec.array(y), validationRows(), null); }

    @Override default Vec outerGradY(Vec x, Vec y) {
        double[] g = new double[y.dim()];
        validationModel().valueGrad(Vec.array(y), validationRows(), null, g);
        return Vec.of(g);
    }

    @Override default Vec outerHvpYY(Vec x, Vec y, Vec v) {
        double[] out = new double[y.dim()];
        validationModel().hvp(Vec.array(y), validationRows(), null, Vec.array(v), out);
        return Vec.of(out);
    }

    /** F's value and ∇_y F from one sweep over the validation rows; ∇_x F = 0 reads nothing. */
    @Override default Answer outerAt(Vec x, Vec y, Request r) {
        double[] w = Vec.array(y), g = r.gradY() ? new double[y.dim()] : null;
        double value = r.value() || r.gradY()
                ? validationModel().valuesAt(new double[][] {w}, validationRows(), null, new double[][] {g}, new double[1][])[0] : Double.NaN;
        return new Answer(r.value() ? value : Double.NaN, r.gradX() ? outerGradX(x, y) : null, g == null ? null : Vec.of(g));
    }

    @Override default Vec outerGradX(Vec x, Vec y) { return Vec.zeros(dimX()); }

    @Override default Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(dimX()); }
}
