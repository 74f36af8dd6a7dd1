package org.bilevel4j.torch.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.bilevel4j.torch.TorchSetup;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv4#maxPool2x2} (argmax from the channels-last pool, maxima gathered) against libtorch's {@code max_pool2d}:
 * the same values, gradients and second derivatives (a gradient's gradient along a direction), bit for bit, in
 * float32 and float64, on even and odd sizes, with many ties (values drawn from 3 levels, so most windows have several
 * maxima and the two must pick the same one).
 */
class MaxPoolTest {
    @Test
    void sameBitsAsMaxPool2d() {
        for (TorchSetup s : new TorchSetup[] {TorchSetup.floats(), TorchSetup.doubles()})
            for (int size : new int[] {8, 7, 3})
                for (boolean ties : new boolean[] {false, true})
                    try (PointerScope scope = new PointerScope()) {
                        SplittableRandom r = new SplittableRandom(size);
                        double[] v = new double[3 * 5 * size * size], g = new double[3 * 5 * (size / 2) * (size / 2)];
                        for (int i = 0; i < v.length; i++) v[i] = ties ? r.nextInt(3) - 1 : r.nextGaussian();
                        for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian();
                        double[][] ours = pool(s, v, g, size, true), theirs = pool(s, v, g, size, false);
                        for (int k = 0; k < 3; k++) assertArrayEquals(theirs[k], ours[k], 0.0, "size " + size + ", ties " + ties + ", part " + k);
                    }
    }

    /** Output, gradient of ⟨out², g⟩ (depends on x through the argmax and the values), and the gradient of ⟨that, g'⟩. */
    static double[][] pool(TorchSetup s, double[] v, double[] g, int size, boolean ours) {
        long o = size / 2;
        Tensor x = s.tensor(v, 3, 5, size, size).requires_grad_(true), gt = s.tensor(g, 3, 5, o, o);
        Tensor y = ours ? Conv4.maxPool2x2(x) : torch.max_pool2d(x, new long[] {2, 2}, new long[] {2, 2}, new long[] {0, 0}, new long[] {1, 1}, false);
        Tensor d = torch.grad(new TensorVector(y.square().mul(gt).sum()), new TensorVector(x), new TensorVector(), new BoolOptional(true), true, false).get(0);
        Tensor dd = torch.grad(new TensorVector(d.mul(x.detach().cos()).sum()), new TensorVector(x), new TensorVector(), new BoolOptional(false), false, true).get(0);
        return new double[][] {TorchSetup.read(y, (int) y.numel()), TorchSetup.read(d, v.length), TorchSetup.read(dd, v.length)};
    }
}
