package org.bilevel4j.torch.nets;

import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Fully connected layers l0, l1, ... (weight {@code w} out × in, bias {@code b}); {@code relu} between layers or, with
 * {@code relu=false}, none (a deep linear network). Inputs are flattened from dimension 1.
 */
public final class Mlp implements Network {
    private final int[] widths;
    private final boolean relu;
    private final ParamShapes shapes = new ParamShapes();

    /** widths: input, hidden..., output. */
    public Mlp(boolean relu, int... widths) {
        if (widths.length < 2) throw new IllegalArgumentException("an MLP needs an input and an output width");
        this.widths = widths.clone();
        this.relu = relu;
        for (int l = 0; l + 1 < widths.length; l++) shapes.add("l" + l + ".w", widths[l + 1], widths[l]).add("l" + l + ".b", widths[l + 1]);
    }

    public static Mlp relu(int... widths) { return new Mlp(true, widths); }

    /** The 2-layer linear network W2 (W1 x + b1) + b2. */
    public static Mlp twoLayerLinear(int in, int hidden, int out) { return new Mlp(false, in, hidden, out); }

    @Override public ParamShapes shapes() { return shapes; }

    @Override public Tensor forward(Params p, Tensor input, boolean training) {
        Tensor h = input.dim() == 2 ? input : torch.flatten(input, 1, -1);
        for (int l = 0; l + 1 < widths.length; l++) {
            h = torch.linear(h, p.get("l" + l + ".w"), new TensorOptional(p.get("l" + l + ".b")));
            if (relu && l + 2 < widths.length) h = torch.relu(h);
        }
        return h;
    }

    @Override public double[] init(long seed) { return Init.standard(shapes, seed); }
}
