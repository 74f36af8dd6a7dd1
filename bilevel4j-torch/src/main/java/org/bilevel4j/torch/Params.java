package org.bilevel4j.torch;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * The named tensors of one flat parameter vector, as views of it: gradients with respect to the flat tensor are the
 * flat gradient vector, so one copy out serves every named tensor. The views come from one {@code split_with_sizes}
 * of the flat vector, made on the first {@link #get} and shared with {@link #sub}: its backward writes the flat
 * gradient once (one narrow per tensor would write a zero-filled flat-sized gradient per tensor, which on ResNet-18's
 * 62 tensors of 11 M values cost more than the network).
 */
public final class Params {
    private final ParamShapes shapes;
    private final Tensor flat;
    private final String prefix;
    private final Views views;

    /** The split of the flat vector, made once per parameter vector. */
    private static final class Views {
        private Tensor[] parts;
    }

    public Params(ParamShapes shapes, Tensor flat) { this(shapes, flat, "", new Views()); }

    private Params(ParamShapes shapes, Tensor flat, String prefix, Views views) {
        this.shapes = shapes;
        this.flat = flat;
        this.prefix = prefix;
        this.views = views;
    }

    /** The tensor named {@code name} (a view of the flat vector in its shape). */
    public Tensor get(String name) {
        int index = shapes.index(prefix + name);
        if (views.parts == null) {
            List<ParamShapes.Entry> es = shapes.entries();
            long[] sizes = new long[es.size()];
            for (int i = 0; i < sizes.length; i++) sizes[i] = es.get(i).size();
            TensorVector split = flat.split_with_sizes(sizes, 0);
            Tensor[] parts = new Tensor[sizes.length];
            for (int i = 0; i < parts.length; i++) parts[i] = split.get(i).view(es.get(i).shape());
            java.lang.ref.Reference.reachabilityFence(split); // get(i) refers into the vector
            views.parts = parts;
        }
        return views.parts[index];
    }

    /** The parameters whose names start with {@code prefix} (a network's block inside a larger vector), without it. */
    public Params sub(String prefix) { return new Params(shapes, flat, this.prefix + prefix, views); }

    /** The whole flat vector (a 1-D tensor). */
    public Tensor flat() { return flat; }

    public ParamShapes shapes() { return shapes; }
}
