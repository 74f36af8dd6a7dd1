package org.bilevel4j.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Downloads a Debian package with `apt-get download` (no root install) and unpacks it into a folder with
 * `dpkg-deb -x`, or with `ar` and `tar` where dpkg-deb is missing.
 */
final class DebPackage {
    private DebPackage() {}

    /** The folder holding the package's file tree (usr/...). */
    static Path fetch(String pkg, Path work, String dataset, PrintStream log) throws IOException {
        ExternalTool.require("apt-get", dataset, "This data set comes from Debian's package '" + pkg + "'; use a Debian-based system with apt-get");
        boolean dpkg = ExternalTool.exists("dpkg-deb");
        if (!dpkg && !(ExternalTool.exists("ar") && ExternalTool.exists("tar")))
            throw new IOException("fetching data set '" + dataset + "' needs the program 'dpkg-deb' (or both 'ar' and 'tar') to unpack "
                    + pkg + ", and none is on PATH. Install one (Debian: apt-get install dpkg, or binutils and tar), then run: ./bilevel data fetch " + dataset);
        Path dir = Files.createDirectories(work.resolve("apt"));
        log.println("  apt-get download " + pkg);
        List<String> download = List.of("apt-get", "download", pkg);
        ExternalTool.Result r = ExternalTool.run(download, dir, Duration.ofMinutes(10));
        if (!r.ok()) {
            // Stale or empty package lists: refresh them once, then retry.
            log.println("  apt-get download failed (" + lastLine(r) + "); running apt-get update");
            ExternalTool.Result u = ExternalTool.run(List.of("apt-get", "update"), dir, Duration.ofMinutes(10));
            if (!u.ok())
                throw new IOException("fetching '" + dataset + "': 'apt-get download " + pkg + "' failed and 'apt-get update' (which needs root) failed too:\n"
                        + u.tail() + "\nRun 'apt-get update' as root, then: ./bilevel data fetch " + dataset);
            ExternalTool.runOk(download, dir, Duration.ofMinutes(10), dataset);
        }
        Path deb;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
            if (debs.size() != 1) throw new IOException("fetching '" + dataset + "': apt-get download " + pkg + " left " + debs.size()
                    + " .deb files; expected one. Run: ./bilevel data fetch " + dataset);
            deb = debs.get(0);
        }
        Path tree = Files.createDirectories(work.resolve("tree"));
        log.println("  unpacking " + deb.getFileName() + (dpkg ? " with dpkg-deb -x" : " with ar and tar"));
        if (dpkg) {
            ExternalTool.runOk(List.of("dpkg-deb", "-x", deb.toString(), tree.toString()), dir, Duration.ofMinutes(10), dataset);
        } else {
            Path ar = Files.createDirectories(work.resolve("ar"));
            ExternalTool.runOk(List.of("ar", "x", deb.toString()), ar, Duration.ofMinutes(10), dataset);
            try (Stream<Path> s = Files.list(ar)) {
                Path data = s.filter(p -> p.getFileName().toString().startsWith("data.tar")).findFirst()
                        .orElseThrow(() -> new IOException("fetching '" + dataset + "': " + deb + " holds no data.tar member"));
                ExternalTool.runOk(List.of("tar", "-xf", data.toString(), "-C", tree.toString()), ar, Duration.ofMinutes(10), dataset);
            }
        }
        return tree;
    }

    private static String lastLine(ExternalTool.Result r) {
        String[] lines = r.output().strip().split("\n");
        return lines[lines.length - 1];
    }
}
