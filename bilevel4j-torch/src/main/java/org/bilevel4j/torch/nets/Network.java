package org.bilevel4j.torch.nets;

import org.bilevel4j.torch.ParamShapes;
import org.bilevel4j.torch.Params;
import org.bytedeco.pytorch.Tensor;

/**
 * A network as a function of a parameter list: {@link #shapes} names its tensors, {@link #forward} maps a batch of
 * inputs to outputs with the parameters given, {@link #init} draws standard initial values on the Java side from a
 * seed (so a resumed run starts bit-exactly where it was).
 */
public interface Network {
    ParamShapes shapes();

    /**
     * Outputs for {@code input} (first dimension = samples). {@code training}: batch norm normalizes with the batch's
     * own statistics (during bilevel optimization); otherwise with the statistics frozen by {@link #freeze}.
     */
    Tensor forward(Params p, Tensor input, boolean training);

    /** Standard initial parameters (PyTorch's defaults: uniform ±1/√fan-in for weights and biases, batch norm 1 and 0). */
    double[] init(long seed);

    /** Its distinct convolution shapes, in order of first use (none for a network without convolutions). */
    default java.util.List<ConvShape> convolutions() { return java.util.List.of(); }

    /** Freezes the batch-norm statistics to those of {@code data} at parameters p (for evaluation); no-op without batch norm. */
    default void freeze(Params p, Tensor data) {}
}
