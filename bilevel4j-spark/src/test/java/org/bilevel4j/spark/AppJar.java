package org.bilevel4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** A test's application jar for spark-submit: the classes of the given class folders and jars, first copy wins, no manifest. */
final class AppJar {
    private AppJar() {}

    static Path write(Path jar, List<String> entries) throws IOException {
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String e : entries) {
                Path p = Path.of(e);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator)
                            add(out, seen, p.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                } else if (Files.isRegularFile(p)) {
                    try (JarFile j = new JarFile(p.toFile())) {
                        for (JarEntry je : (Iterable<JarEntry>) j.stream()::iterator)
                            if (!je.isDirectory() && !je.getName().startsWith("META-INF/MANIFEST")) add(out, seen, je.getName(), j.getInputStream(je).readAllBytes());
                    }
                }
            }
        }
        return jar;
    }

    private static void add(JarOutputStream out, Set<String> seen, String name, byte[] bytes) throws IOException {
        if (!seen.add(name)) return;
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
