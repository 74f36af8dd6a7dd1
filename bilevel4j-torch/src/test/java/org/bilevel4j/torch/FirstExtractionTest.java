package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The first run, with an empty JavaCPP cache, loads only the bundled libtorch ({@link Torch#extractNatives}). Before,
 * JavaCPP loaded libtorch.so before extracting libtorch_cpu.so, the dynamic linker took the system's (Debian's
 * libtorch-dev 1.13, installed with python3-torch) and the JVM crashed. A child JVM loads the natives into a fresh
 * cache folder and lists the libtorch, c10 and oneDNN libraries mapped into it: all must come from that folder. (On
 * a machine without a system libtorch this passes either way; here, with python3-torch installed, it failed before.)
 */
class FirstExtractionTest {
    /** Loads the natives, runs one convolution and prints the torch libraries mapped into this process. */
    public static void main(String[] args) throws IOException {
        Torch.load();
        org.bytedeco.pytorch.global.torch.conv2d(org.bytedeco.pytorch.global.torch.randn(1, 1, 8, 8), org.bytedeco.pytorch.global.torch.randn(1, 1, 3, 3));
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            maps.map(l -> l.replaceAll("^.* ", "")).filter(FirstExtractionTest::isTorch).distinct().forEach(System.out::println);
        }
    }

    static boolean isTorch(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith("libtorch") || name.startsWith("libc10") || name.startsWith("libdnnl") || name.startsWith("libjnitorch");
    }

    @Test
    void aFreshCacheLoadsOnlyTheBundledLibraries() throws Exception {
        Path cache = Files.createTempDirectory("bilevel4j-javacpp-cache");
        try {
            Path log = cache.resolve("child.log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    "-XX:ErrorFile=" + cache.resolve("hs_err.log"), "-Dorg.bytedeco.javacpp.cachedir=" + cache.resolve("c"),
                    "-Dbilevel4j.torch.threads=1", FirstExtractionTest.class.getName())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish");
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), "the child JVM failed:\n" + out);
            List<String> libs = out.lines().filter(l -> l.startsWith("/")).toList();
            assertTrue(libs.stream().anyMatch(l -> l.endsWith("/libtorch_cpu.so")), "libtorch_cpu.so not mapped:\n" + out);
            for (String l : libs) assertTrue(l.startsWith(cache.resolve("c").toString()), "loaded from outside the bundle: " + l);
        } finally {
            try (Stream<Path> s = Files.walk(cache)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
