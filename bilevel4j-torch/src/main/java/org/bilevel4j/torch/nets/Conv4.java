package org.bilevel4j.torch.nets;

import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The few-shot conv-4 embedding: 4 × [3×3 convolution (padding 1), batch norm, ReLU, 2×2 max-pool], flattened; with
 * {@code classes > 0} a linear head on top. Inputs are N × channels × size × size.
 */
public final class Conv4 implements Network {
    private final int classes, channels, width;
    private final int features;
    private final ParamShapes shapes = new ParamShapes();
    private final BatchNorms norms = new BatchNorms();

    public Conv4(int channels, int size, int width, int classes) {
        if (width < 1 || size < 16) throw new IllegalArgumentException("conv-4 needs width >= 1 and images of at least 16×16");
        this.channels = channels;
        this.width = width;
        int in = channels;
        for (int i = 0; i < 4; i++) {
            shapes.add("c" + i + ".w", width, in, 3, 3).add("c" + i + ".b", width).add("bn" + i + ".gamma", width).add("bn" + i + ".beta", width);
            in = width;
        }
        int s = size;
        for (int i = 0; i < 4; i++) s /= 2;
        this.features = width * s * s;
        this.classes = classes;
        if (classes > 0) shapes.add("fc.w", classes, features).add("fc.b", classes);
    }

    /** Length of the embedding (the head's input). */
    public int features() { return features; }

    @Override public ParamShapes shapes() { return shapes; }

    @Override public java.util.List<ConvShape> convolutions() {
        ConvShape first = ConvShape.same3x3(channels, width, 1), rest = ConvShape.same3x3(width, width, 1);
        return first.equals(rest) ? java.util.List.of(first) : java.util.List.of(first, rest);
    }

    @Override public Tensor forward(Params p, Tensor input, boolean training) { return run(p, input, training, false); }

    @Override public void freeze(Params p, Tensor data) { run(p, data, false, true); }

    private Tensor run(Params p, Tensor input, boolean training, boolean record) {
        norms.begin(record);
        Tensor h = input;
        long[] one = {1, 1};
        for (int i = 0; i < 4; i++) {
            h = torch.conv2d(h, p.get("c" + i + ".w"), new TensorOptional(p.get("c" + i + ".b")), one, one, one, 1);
            // ReLU after the pool: max and ReLU commute, and the pool picks the same inputs wherever a window's maximum
            // is positive (elsewhere ReLU zeroes the gradient): the same bits with a quarter of the ReLU's work
            h = torch.relu(maxPool2x2(norms.apply(p, "bn" + i, h, training)));
        }
        h = torch.flatten(h, 1, -1);
        return classes > 0 ? torch.linear(h, p.get("fc.w"), new TensorOptional(p.get("fc.b"))) : h;
    }

    /**
     * 2×2 max-pool with stride 2 of h (N × C × H × W). libtorch's pool on this layout is a scalar loop per output (7 of
     * the 17 ms forward of conv-4 w64 on 25 images at 1 thread, in PyTorch 1.13 as well); its channels-last kernel is
     * vectorized over channels but leaves a channels-last gradient, which batch norm's backward takes 3× longer on.
     * So each window's argmax comes from the channels-last pool on a detached copy (no graph), and the maxima are
     * gathered from h: the same values, and the same gradient bits as {@code max_pool2d}'s, whose backward also sends
     * each window's gradient to its argmax (both kernels take the window's first maximum in row order; the windows do
     * not overlap, so the gather's backward, a scatter-add into zeros, adds each gradient to 0). README, Torch backend
     * speed.
     */
    static Tensor maxPool2x2(Tensor h) {
        long[] two = {2, 2}, zero = {0, 0}, one = {1, 1};
        Tensor at = torch.max_pool2d_with_indices(h.detach().contiguous(torch.MemoryFormat.ChannelsLast), two, two, zero, one, false).get1().contiguous();
        return torch.gather(h.flatten(2, 3), 2, at.flatten(2, 3), false).view(at.sizes());
    }

    @Override public double[] init(long seed) { return Init.standard(shapes, seed); }
}
