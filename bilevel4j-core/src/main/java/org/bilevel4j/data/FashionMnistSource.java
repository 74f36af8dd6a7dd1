package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Fashion-MNIST as gzipped IDX files from Debian's package dataset-fashion-mnist (unpacked, not installed). */
final class FashionMnistSource implements DatasetSource {
    static final String PACKAGE = "dataset-fashion-mnist";
    static final String FOLDER = "usr/share/datasets/fashion-mnist";
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

    @Override public String name() { return "fashion-mnist"; }

    @Override public String description() { return "Fashion-MNIST clothing images, 60000 train + 10000 test 28x28, 10 classes (Debian " + PACKAGE + ")"; }

    @Override public Map<String, String> checksums() { return SHA256; }

    @Override public void download(Path work, Path out, PrintStream log) throws IOException {
        Path tree = DebPackage.fetch(PACKAGE, work, name(), log);
        Datasets.copyFiles(tree.resolve(FOLDER), out, SHA256.keySet(), name());
    }
}
