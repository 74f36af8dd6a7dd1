package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bilevel4j.vec.VectorFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vectors longer than result.json keeps go to vectors.bin; checkpoints keep them in a binary file and resume bit-exactly. */
class LargeVectorsCliTest {
    @Test void longVectorsAreSavedInBinaryAndCheckpointsResumeFromThem(@TempDir Path tmp) throws IOException {
        String[] args = {"solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "dimY=1200", "--set", "innerSamples=8", "--set", "outerSamples=8",
                "--iterations", "5", "--seed", "2"};
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        CliTest.Run r = run(concat(args, "--checkpoint-every", "3", "--out", a.toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode res = json(a.resolve("result.json"));
        assertEquals("vectors.bin", res.get("vectorsFile").asText());
        assertFalse(res.has("y"), "y is too long for the JSON");
        Map<String, double[]> full = VectorFile.read(a.resolve("vectors.bin"));
        assertEquals(1200, full.get("y").length);

        JsonNode cp = json(a.resolve("checkpoint.json"));
        String bin = cp.path("state").path("vectorsFile").asText();
        assertEquals("checkpoint-3.bin", bin);
        assertTrue(Files.list(a).filter(f -> f.getFileName().toString().startsWith("checkpoint-")).count() == 1, "older vector files are removed");
        Files.createDirectories(b);
        Files.copy(a.resolve("checkpoint.json"), b.resolve("checkpoint.json"));
        Files.copy(a.resolve(bin), b.resolve(bin));
        CliTest.Run s = run("solve", "--resume", b.toString());
        assertEquals(0, s.code(), s.err());
        Map<String, double[]> resumed = VectorFile.read(b.resolve("vectors.bin"));
        assertArrayEquals(full.get("x"), resumed.get("x"));
        assertArrayEquals(full.get("y"), resumed.get("y"));
        assertEquals(res.get("oracles"), json(b.resolve("result.json")).get("oracles"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
