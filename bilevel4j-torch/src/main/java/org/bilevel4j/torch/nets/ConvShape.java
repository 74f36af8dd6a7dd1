package org.bilevel4j.torch.nets;

/**
 * One convolution of a network, as far as the kernels that run it care: input and output channels, square kernel,
 * stride, padding and groups (the spatial size and the batch do not change which oneDNN kernel runs; see
 * {@link org.bilevel4j.torch.OneDnnCheck}).
 */
public record ConvShape(int in, int out, int kernel, int stride, int padding, int groups) {
    /** A 3×3 convolution with padding 1 (conv-4's, and most of a ResNet's). */
    public static ConvShape same3x3(int in, int out, int stride) { return new ConvShape(in, out, 3, stride, 1, 1); }

    /** "conv 1→4 3×3", with " stride 2", " padding 0", " groups 2" where they are not 1, 1 and 1. */
    @Override public String toString() {
        return "conv " + in + "→" + out + " " + kernel + "×" + kernel + (stride != 1 ? " stride " + stride : "")
                + (padding != 1 ? " padding " + padding : "") + (groups != 1 ? " groups " + groups : "");
    }
}
