package org.bilevel4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-like data sets (MNIST, Fashion-MNIST): train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte in one folder, each plain or with a .gz suffix.
 * Pixels are scaled to [0, 1]; 10 classes.
 */
public final class MnistLike {
    public static final int CLASSES = 10;

    private MnistLike() {}

    public record TrainTest(LabeledData train, LabeledData test) {}

    public static TrainTest load(Path dir) throws IOException {
        return new TrainTest(part(dir, "train"), part(dir, "t10k"));
    }

    /** One part ("train" or "t10k"). */
    public static LabeledData part(Path dir, String prefix) throws IOException {
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte"), labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
        DenseMatrix x = Idx.images(imagesFile);
        int[] y = Idx.labels(labelsFile);
        if (y.length != x.rows())
            throw new IOException(imagesFile + " holds " + x.rows() + " images but " + labelsFile + " holds " + y.length + " labels");
        for (int i = 0; i < y.length; i++)
            if (y[i] >= CLASSES) throw new CorruptDataException(labelsFile, "byte " + (8 + i), "label " + y[i] + " outside 0.." + (CLASSES - 1));
        return LabeledData.classification(x, y, CLASSES);
    }

    private static Path find(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name), gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(plain)) return plain;
        if (Files.isRegularFile(gz)) return gz;
        throw new IOException("no " + name + " (or " + name + ".gz) in " + dir);
    }
}
