package org.bilevel4j.torch.tasks;

import org.bilevel4j.solver.Options;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Mlp;
import org.bilevel4j.torch.nets.Network;

/**
 * The networks of the {@code model} option: linear2 (BVFIM Table 3's 2-layer linear network W2 (W1 a + b1) + b2, a
 * non-convex inner problem), mlp (one ReLU hidden layer) and cnn (conv-4: 4 × [3×3 conv, batch norm, ReLU, 2×2
 * max-pool] and a linear head; SPNBO's 6-layer network needs larger inputs than 28 × 28).
 */
public final class Models {
    private Models() {}

    /** True when the model reads images rather than rows of features. */
    public static boolean image(String model) { return model.equals("cnn"); }

    public static Network network(String model, Options o, int features, int classes) {
        return switch (model) {
            case "linear2" -> Mlp.twoLayerLinear(features, o.getInt("hidden", 100, 1, "linear2 / mlp: hidden width (UNVERIFIED for BVFIM's 2-layer linear network)"), classes);
            case "mlp" -> Mlp.relu(features, o.getInt("hidden", 100, 1, "linear2 / mlp: hidden width"), classes);
            case "cnn" -> {
                int side = NetData.side(features);
                if (side < 16) throw new IllegalArgumentException("model=cnn needs images of at least 16x16 (mnist, fashion-mnist); these are " + side + "x" + side);
                // oneDNN runs only if every conv shape passes its float64 self-check (OneDnn, onednn=auto): widths below 16 fail on AVX-512
                yield new Conv4(1, side, o.getInt("width", 8, 1, "cnn: channels of each conv-4 layer (8 for a 2-core CPU; the few-shot conv-4 uses 64)"), classes);
            }
            default -> throw new IllegalArgumentException("unknown model " + model);
        };
    }
}
