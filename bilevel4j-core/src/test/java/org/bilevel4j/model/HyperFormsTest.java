package org.bilevel4j.model;

import static org.bilevel4j.testing.OracleChecks.close;

import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The hyper-parameter forms: every derivative against central differences. */
class HyperFormsTest {
    static final double H = 1e-5, TOL = 1e-6;
    static final ModelData DATA = new ModelData(50, 8, 3, 21);

    @Test void featureDecayDerivatives() {
        LogisticModel m = LogisticModel.multinomial(DATA.dense, DATA.labels, DATA.classes, true);
        FeatureDecay r = new FeatureDecay(m);
        Vec x = Vec.of(ModelData.random(r.dim(), 1, 1)), w = Vec.of(ModelData.random(m.dim(), 1, 2));
        Vec u = Vec.of(ModelData.random(r.dim(), 1, 3)), v = Vec.of(ModelData.random(m.dim(), 1, 4));
        // the bias entries (j = features) must not be decayed
        close("grad w", gradW(r, m, x, w), FiniteDifferences.gradient(b -> r.value(Vec.array(x), Vec.array(b)), w, H), TOL);
        close("grad x", Vec.of(r.gradX(Vec.array(x), Vec.array(w))), FiniteDifferences.gradient(a -> r.value(Vec.array(a), Vec.array(w)), x, H), TOL);
        double[] hv = new double[m.dim()];
        r.addHvp(Vec.array(x), Vec.array(v), hv);
        close("hvp", Vec.of(hv), FiniteDifferences.directional(b -> gradW(r, m, x, b), w, v, H), TOL);
        close("cross xy", Vec.of(r.crossXY(Vec.array(x), Vec.array(w), Vec.array(v))),
                FiniteDifferences.directional(b -> Vec.of(r.gradX(Vec.array(x), Vec.array(b))), w, v, H), TOL);
        double[] cyx = new double[m.dim()];
        r.addCrossYX(Vec.array(x), Vec.array(w), Vec.array(u), cyx);
        close("cross yx", Vec.of(cyx), FiniteDifferences.directional(a -> gradW(r, m, a, w), x, u, H), TOL);
    }

    static Vec gradW(FeatureDecay r, LogisticModel m, Vec x, Vec w) {
        double[] g = new double[m.dim()];
        r.addGradW(Vec.array(x), Vec.array(w), g);
        return Vec.of(g);
    }

    @Test void sigmoidSampleWeightDerivatives() {
        for (int[] rows : new int[][] {null, {1, 4, 4, 17, 30}}) {
            for (boolean binary : new boolean[] {false, true}) {
                int[] labels = DATA.labels.clone();
                if (binary) for (int i = 0; i < labels.length; i++) labels[i] %= 2;
                LogisticModel m = binary ? LogisticModel.binary(DATA.sparse, labels, true)
                        : LogisticModel.multinomial(DATA.sparse, labels, DATA.classes, false);
                SigmoidSampleWeights g = new SigmoidSampleWeights(m);
                Vec x = Vec.of(ModelData.random(m.samples(), 2, 5)), w = Vec.of(ModelData.random(m.dim(), 1, 6));
                Vec u = Vec.of(ModelData.random(m.samples(), 1, 7)), v = Vec.of(ModelData.random(m.dim(), 1, 8));
                close("grad w", gradW(g, rows, x, w), FiniteDifferences.gradient(b -> g.value(Vec.array(x), Vec.array(b), rows), w, H), TOL);
                close("grad x", Vec.of(g.gradX(Vec.array(x), Vec.array(w), rows)),
                        FiniteDifferences.gradient(a -> g.value(Vec.array(a), Vec.array(w), rows), x, H), TOL);
                double[] hv = new double[m.dim()];
                g.hvp(Vec.array(x), Vec.array(w), rows, Vec.array(v), hv);
                close("hvp", Vec.of(hv), FiniteDifferences.directional(b -> gradW(g, rows, x, b), w, v, H), TOL);
                close("cross xy", Vec.of(g.crossXY(Vec.array(x), Vec.array(w), rows, Vec.array(v))),
                        FiniteDifferences.directional(b -> Vec.of(g.gradX(Vec.array(x), Vec.array(b), rows)), w, v, H), TOL);
                double[] cyx = new double[m.dim()];
                g.crossYX(Vec.array(x), Vec.array(w), rows, Vec.array(u), cyx);
                close("cross yx", Vec.of(cyx), FiniteDifferences.directional(a -> gradW(g, rows, a, w), x, u, H), TOL);
            }
        }
    }

    static Vec gradW(SigmoidSampleWeights g, int[] rows, Vec x, Vec w) {
        double[] out = new double[w.dim()];
        g.valueGradW(Vec.array(x), Vec.array(w), rows, out);
        return Vec.of(out);
    }
}
