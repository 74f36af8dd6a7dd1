package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * The convolution kernels as this module configures them ({@link Torch#load}) give a correct float32 output of one
 * 3×3 convolution (padding 1) and correct gradients with respect to its input, weight and bias, against the same
 * computed in float64, at the channel counts of conv-4 and the small ResNets (1, 3, 4, 8, 64) and at 20 (not a
 * multiple of 16), with 1 and 2 threads, 5 calls each. This is the check that libtorch 2.7.1's oneDNN fails on this
 * machine (AMD EPYC Zen 4): a sum over channels padded to a block of 16 (8 with ONEDNN_MAX_CPU_ISA=AVX2) comes out
 * wrong by O(1) relative errors — the input gradient when the output channels are not a multiple of 16, the output
 * when more than 16 input channels are not — the same wrong bits call after call at 1 thread, varying and sometimes
 * NaN at 2 (README, "Determinism, and oneDNN"). Run it with -Dbilevel4j.torch.onednn=on to re-test a build or a CPU.
 */
class ConvolutionFloatTest {
    @Test
    void floatGradientsOfOneConvolutionMatchDoubles() {
        int before = torch.get_num_threads();
        OneDnn.apply(null); // the mode's default (off unless -Dbilevel4j.torch.onednn=on), whatever an earlier problem decided
        try {
            for (int threads : new int[] {1, 2}) {
                Torch.threads(threads);
                torch.manual_seed(5);
                int[][] shapes = {{8, 1, 4, 16}, {8, 3, 8, 16}, {8, 4, 4, 8}, {8, 4, 4, 2}, {25, 8, 8, 7}, {25, 1, 8, 28}, {25, 64, 64, 3}, {8, 20, 20, 8}}; // n, in, out, size
                for (int[] s : shapes) check(threads, s[0], s[1], s[2], s[3]);
            }
        } finally {
            Torch.threads(before);
        }
    }

    static void check(int threads, int n, int in, int out, int size) {
        TensorOptions f = new TensorOptions(ScalarType.Float);
        Tensor x = torch.randn(new long[] {n, in, size, size}, f), w = torch.randn(new long[] {out, in, 3, 3}, f);
        Tensor b = torch.randn(new long[] {out}, f), r = torch.randn(new long[] {n, out, size, size}, f);
        double[][] ref = grads(x.to(ScalarType.Double), w.to(ScalarType.Double), b.to(ScalarType.Double), r.to(ScalarType.Double));
        String[] names = {"output", "gradient wrt the input", "gradient wrt the weight", "gradient wrt the bias"};
        for (int call = 0; call < 5; call++) {
            double[][] g = grads(x, w, b, r);
            for (int k = 0; k < 4; k++) {
                double err = relativeError(g[k], ref[k]);
                assertTrue(err < 1e-4, String.format("%d threads, %d images %d→%d channels %d×%d, call %d: float32 %s is off by %.2e (relative, max norm)",
                        threads, n, in, out, size, size, call, names[k], err));
            }
        }
    }

    /** y = conv(x, w) + b, and the gradients of ⟨y, r⟩ with respect to x, w and b. */
    static double[][] grads(Tensor x, Tensor w, Tensor b, Tensor r) {
        x = x.detach().requires_grad_(true);
        w = w.detach().requires_grad_(true);
        b = b.detach().requires_grad_(true);
        long[] one = {1, 1};
        Tensor y = torch.conv2d(x, w, new TensorOptional(b), one, one, one, 1);
        TensorVector g = torch.grad(new TensorVector(y.mul(r).sum()), new TensorVector(x, w, b), new TensorVector(), new BoolOptional(false), false, false);
        double[][] out = new double[4][];
        out[0] = TorchSetup.read(y, (int) y.numel());
        for (int k = 0; k < 3; k++) out[k + 1] = TorchSetup.read(g.get(k), (int) g.get(k).numel());
        return out;
    }

    static double relativeError(double[] a, double[] ref) { return OneDnnCheck.relativeError(a, ref); }
}
