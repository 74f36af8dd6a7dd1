package org.bilevel4j.torch;

import org.bytedeco.pytorch.Tensor;

/**
 * The named tensors of one flat parameter vector, as views of it: gradients with respect to the flat tensor are the
 * flat gradient vector, so one copy out serves every named tensor.
 */
public final class Params {
    private final ParamShapes shapes;
    private final Tensor flat;
    private final String prefix;

    public Params(ParamShapes shapes, Tensor flat) { this(shapes, flat, ""); }

    private Params(ParamShapes shapes, Tensor flat, String prefix) {
        this.shapes = shapes;
        this.flat = flat;
        this.prefix = prefix;
    }

    /** The tensor named {@code name} (a view of the flat vector in its shape). */
    public Tensor get(String name) {
        ParamShapes.Entry e = shapes.get(prefix + name);
        return flat.narrow(0, e.offset(), e.size()).view(e.shape());
    }

    /** The parameters whose names start with {@code prefix} (a network's block inside a larger vector), without it. */
    public Params sub(String prefix) { return new Params(shapes, flat, this.prefix + prefix); }

    /** The whole flat vector (a 1-D tensor). */
    public Tensor flat() { return flat; }

    public ParamShapes shapes() { return shapes; }
}
