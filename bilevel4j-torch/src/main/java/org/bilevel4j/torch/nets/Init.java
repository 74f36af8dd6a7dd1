package org.bilevel4j.torch.nets;

import java.util.SplittableRandom;
import org.bilevel4j.torch.ParamShapes;

/** Java-side initialization of a parameter vector, one rule per tensor, from one seeded stream. */
final class Init {
    private Init() {}

    /** Weights and biases uniform on ±1/√fan-in (fan-in of the layer whose name prefix they share); "bn" scales 1, shifts 0. */
    static double[] standard(ParamShapes shapes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[shapes.size()];
        for (ParamShapes.Entry e : shapes.entries()) {
            String n = e.name();
            String leaf = n.substring(n.lastIndexOf('.') + 1);
            if (leaf.equals("gamma")) java.util.Arrays.fill(out, e.offset(), e.offset() + e.size(), 1);
            else if (leaf.equals("beta")) continue;
            else {
                String layer = n.substring(0, n.lastIndexOf('.') + 1);
                long[] w = shapes.get(layer + "w").shape();
                long fanIn = 1;
                for (int i = 1; i < w.length; i++) fanIn *= w[i];
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < e.size(); i++) out[e.offset() + i] = bound * (2 * rng.nextDouble() - 1);
            }
        }
        return out;
    }
}
