package org.bilevel4j.torch;

import org.bytedeco.pytorch.Tensor;

/**
 * A loss G(x, y; batch) or F(x, y; batch): a scalar tensor built from the named hyper-parameters x, the named model
 * parameters y and the batch's samples (usually a mean over them). Build it from differentiable torch operations
 * only; the module derives every gradient and second-order product by autograd.
 */
@FunctionalInterface
public interface Loss {
    Tensor value(Params x, Params y, Batch batch);
}
