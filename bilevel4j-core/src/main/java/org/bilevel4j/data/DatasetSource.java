package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** One fetchable data set: where it comes from, and the SHA-256 of each file it leaves in its cache folder. */
interface DatasetSource {
    String name();

    /** One line for `bilevel data list`. */
    String description();

    /**
     * Relative path → SHA-256 of every file kept, as unpacked (not of the package archive, whose metadata may
     * change between downloads). When {@link #manifest()} holds, one entry is {@link Datasets#MANIFEST}: a
     * `sha256sum`-style list of every other file, written at fetch time and itself pinned here.
     */
    Map<String, String> checksums();

    default boolean manifest() { return false; }

    /** Downloads into work (scratch) and leaves exactly the kept files under out. */
    void download(Path work, Path out, PrintStream log) throws IOException;
}
