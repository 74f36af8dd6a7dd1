package org.bilevel4j.torch;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.bilevel4j.torch.nets.ConvShape;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The self-check behind {@code bilevel4j.torch.onednn=auto}: one convolution of a given shape on 4 images of 8×8,
 * its float32 output and its gradients with respect to input and weight (of ⟨y, r⟩, r random) computed by oneDNN,
 * against the same in float64 with oneDNN off, 3 calls. libtorch 2.7.1's oneDNN is off by 25-100% (relative, max
 * norm) on the shapes it gets wrong (README, "Determinism, and oneDNN"), float32 rounding by about 1e-6:
 * {@link #TOLERANCE} 1e-3 lies between. Errors are cached per shape and thread count for the JVM.
 */
public final class OneDnnCheck {
    private OneDnnCheck() {}

    /** Largest relative error (max norm) a float32 result may have against float64. */
    public static final double TOLERANCE = 1e-3;

    private static final Map<String, Double> ERRORS = new ConcurrentHashMap<>();

    /**
     * The first shape whose error reaches {@link #TOLERANCE} (or is NaN), as "conv 1→4 3×3 failed (off by 9.9e-01)",
     * or null when every shape passes.
     */
    public static String verdict(List<ConvShape> shapes, ToDoubleFunction<ConvShape> error) {
        for (ConvShape s : shapes) {
            double e = error.applyAsDouble(s);
            if (!(e < TOLERANCE)) return String.format("%s failed (off by %.1e)", s, e);
        }
        return null;
    }

    /** {@link #measure}, cached per shape and libtorch's current thread count. */
    public static double error(ConvShape s) {
        Torch.load();
        int threads = torch.get_num_threads();
        return ERRORS.computeIfAbsent(s + " @" + threads, k -> measure(s));
    }

    /** The worst relative error of oneDNN's float32 output, input and weight gradient of shape s, over 3 calls. */
    static synchronized double measure(ConvShape s) {
        Torch.load();
        boolean before = torch.globalContext().userEnabledMkldnn();
        try (PointerScope scope = new PointerScope()) {
            SplittableRandom r = new SplittableRandom(17);
            int n = 4, size = 8, outSize = (size + 2 * s.padding() - s.kernel()) / s.stride() + 1;
            long[] xs = {n, s.in(), size, size}, ws = {s.out(), s.in() / s.groups(), s.kernel(), s.kernel()}, rs = {n, s.out(), outSize, outSize};
            double[] x = uniform(r, xs), w = uniform(r, ws), g = uniform(r, rs);
            torch.globalContext().setUserEnabledMkldnn(false);
            double[][] ref = grads(s, TorchSetup.doubles(), x, w, g, xs, ws, rs);
            torch.globalContext().setUserEnabledMkldnn(true);
            double worst = 0;
            for (int call = 0; call < 3; call++) {
                double[][] got = grads(s, TorchSetup.floats(), x, w, g, xs, ws, rs);
                for (int k = 0; k < 3; k++) worst = Math.max(worst, relativeError(got[k], ref[k]));
            }
            return worst;
        } finally {
            torch.globalContext().setUserEnabledMkldnn(before);
        }
    }

    /** y = conv(x, w), and the gradients of ⟨y, r⟩ with respect to x and w. */
    private static double[][] grads(ConvShape s, TorchSetup t, double[] x, double[] w, double[] r, long[] xs, long[] ws, long[] rs) {
        Tensor xt = t.tensor(x, xs).requires_grad_(true), wt = t.tensor(w, ws).requires_grad_(true);
        long[] stride = {s.stride(), s.stride()}, pad = {s.padding(), s.padding()}, one = {1, 1};
        Tensor y = torch.conv2d(xt, wt, new TensorOptional(), stride, pad, one, s.groups());
        TensorVector d = torch.grad(new TensorVector(y.mul(t.tensor(r, rs)).sum()), new TensorVector(xt, wt), new TensorVector(),
                new BoolOptional(false), false, false);
        return new double[][] {TorchSetup.read(y, (int) y.numel()), TorchSetup.read(d.get(0), x.length), TorchSetup.read(d.get(1), w.length)};
    }

    private static double[] uniform(SplittableRandom r, long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-1, 1);
        return v;
    }

    /** max |a - ref| / max |ref|; NaN anywhere gives infinity. */
    static double relativeError(double[] a, double[] ref) {
        double d = 0, s = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs(a[i] - ref[i]);
            d = Double.isNaN(e) ? Double.POSITIVE_INFINITY : Math.max(d, e);
            s = Math.max(s, Math.abs(ref[i]));
        }
        return s == 0 ? d : d / s;
    }
}
