package org.bilevel4j.torch.nets;

import java.util.ArrayList;
import java.util.List;
import org.bilevel4j.torch.ParamShapes;

/**
 * The parameter groups of a network by layer: a layer is a convolution or linear map, its group the weight tensor
 * {@code NAME.w} (batch-norm scales and shifts and biases are not in any group: per-layer weight decay leaves them
 * undecayed, as is usual). In the order of the parameter vector; the names are the layers' ({@code stem},
 * {@code s0b0.c1}, ..., {@code fc}).
 */
public record Layers(List<ParamShapes.Entry> weights) {
    public Layers {
        weights = List.copyOf(weights);
    }

    /** The weighted layers of a parameter layout. */
    public static Layers of(ParamShapes shapes) {
        List<ParamShapes.Entry> w = new ArrayList<>();
        for (ParamShapes.Entry e : shapes.entries()) if (e.name().endsWith(".w")) w.add(e);
        if (w.isEmpty()) throw new IllegalArgumentException("the network has no weight tensors (NAME.w)");
        return new Layers(w);
    }

    public int size() { return weights.size(); }

    /** Layer l's name (its weight tensor's name without ".w"). */
    public String name(int l) {
        String n = weights.get(l).name();
        return n.substring(0, n.length() - 2);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < size(); l++) out.add(name(l));
        return out;
    }
}
