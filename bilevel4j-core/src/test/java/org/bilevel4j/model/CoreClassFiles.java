package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The core module's compiled classes, for tests that check every one of them (skipped where they are not a directory). */
final class CoreClassFiles {
    private CoreClassFiles() {}

    /** The directory of the core classes. */
    static Path root() throws URISyntaxException {
        Path root = Path.of(LogisticModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isDirectory(root), "core classes not in a directory: " + root);
        return root;
    }

    /** Every .class file under {@link #root()}; fails if there are suspiciously few. */
    static List<Path> all() throws IOException, URISyntaxException {
        Path root = root();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertTrue(files.size() > 100, "walked only " + files.size() + " classes under " + root);
        return files;
    }

    /** The binary name of a class file under {@link #root()}. */
    static String className(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
    }
}
