package org.bilevel4j.torch.nets;

import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A residual network of basic blocks (two 3×3 convolutions with batch norm; a 1×1 convolution with batch norm on the
 * shortcut when the shape changes), CIFAR-style stem (3×3 convolution), global average pool, linear head.
 * {@link #small}: 3 stages of widths w, 2w, 4w (ResNet-8 with 1 block per stage, ResNet-20 with 3);
 * {@link #resnet18}: 4 stages of 2 blocks, widths 64 to 512.
 */
public final class ResNet implements Network {
    private final int[] blocks, widths;
    private final java.util.Set<ConvShape> convs = new java.util.LinkedHashSet<>();
    private final ParamShapes shapes = new ParamShapes();
    private final BatchNorms norms = new BatchNorms();

    public ResNet(int channels, int classes, int[] widths, int[] blocks) {
        this.blocks = blocks.clone();
        this.widths = widths.clone();
        shapes.add("stem.w", widths[0], channels, 3, 3).add("stem.bn.gamma", widths[0]).add("stem.bn.beta", widths[0]);
        convs.add(ConvShape.same3x3(channels, widths[0], 1));
        int in = widths[0];
        for (int s = 0; s < widths.length; s++)
            for (int b = 0; b < blocks[s]; b++) {
                String n = "s" + s + "b" + b + ".";
                int out = widths[s];
                shapes.add(n + "c1.w", out, in, 3, 3).add(n + "bn1.gamma", out).add(n + "bn1.beta", out)
                        .add(n + "c2.w", out, out, 3, 3).add(n + "bn2.gamma", out).add(n + "bn2.beta", out);
                convs.add(ConvShape.same3x3(in, out, stride(s, b)));
                convs.add(ConvShape.same3x3(out, out, 1));
                if (in != out || stride(s, b) != 1) convs.add(new ConvShape(in, out, 1, stride(s, b), 0, 1));
                if (in != out || stride(s, b) != 1) shapes.add(n + "sc.w", out, in, 1, 1).add(n + "scbn.gamma", out).add(n + "scbn.beta", out);
                in = out;
            }
        shapes.add("fc.w", classes, in).add("fc.b", classes);
    }

    /** ResNet-(6n+2) of base width w (n = blocks per stage). */
    public static ResNet small(int channels, int classes, int width, int n) {
        return new ResNet(channels, classes, new int[] {width, 2 * width, 4 * width}, new int[] {n, n, n});
    }

    public static ResNet resnet18(int channels, int classes) {
        return new ResNet(channels, classes, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2});
    }

    private static int stride(int stage, int block) { return stage > 0 && block == 0 ? 2 : 1; }

    @Override public ParamShapes shapes() { return shapes; }

    @Override public java.util.List<ConvShape> convolutions() { return java.util.List.copyOf(convs); }

    @Override public Tensor forward(Params p, Tensor input, boolean training) { return run(p, input, training, false); }

    @Override public void freeze(Params p, Tensor data) { run(p, data, false, true); }

    private Tensor run(Params p, Tensor input, boolean training, boolean record) {
        norms.begin(record);
        long[] one = {1, 1}, zero = {0, 0};
        Tensor h = torch.conv2d(input, p.get("stem.w"), new TensorOptional(), one, one, one, 1);
        h = torch.relu(norms.apply(p, "stem.bn", h, training));
        for (int s = 0; s < widths.length; s++)
            for (int b = 0; b < blocks[s]; b++) {
                String n = "s" + s + "b" + b + ".";
                long[] st = {stride(s, b), stride(s, b)};
                Tensor o = torch.conv2d(h, p.get(n + "c1.w"), new TensorOptional(), st, one, one, 1);
                o = torch.relu(norms.apply(p, n + "bn1", o, training));
                o = norms.apply(p, n + "bn2", torch.conv2d(o, p.get(n + "c2.w"), new TensorOptional(), one, one, one, 1), training);
                Tensor sc = shapes.has(n + "sc.w")
                        ? norms.apply(p, n + "scbn", torch.conv2d(h, p.get(n + "sc.w"), new TensorOptional(), st, zero, one, 1), training)
                        : h;
                h = torch.relu(o.add(sc));
            }
        h = torch.flatten(torch.adaptive_avg_pool2d(h, 1, 1), 1, -1);
        return torch.linear(h, p.get("fc.w"), new TensorOptional(p.get("fc.b")));
    }

    @Override public double[] init(long seed) { return Init.standard(shapes, seed); }
}
