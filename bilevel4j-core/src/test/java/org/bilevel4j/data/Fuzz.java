package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Helpers for loader tests: gzip, mutations of valid files, and the check that an error names file and position. */
final class Fuzz {
    private Fuzz() {}

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) { g.write(b); }
        return bo.toByteArray();
    }

    /** A random truncation, byte flip, byte overwrite with a chosen character, or deletion of one byte. */
    static byte[] mutate(byte[] b, Random rng, byte[] alphabet) {
        int kind = rng.nextInt(4);
        if (b.length == 0) return b;
        int at = rng.nextInt(b.length);
        switch (kind) {
            case 0: return java.util.Arrays.copyOf(b, at);
            case 1: { byte[] c = b.clone(); c[at] ^= (byte) (1 << rng.nextInt(8)); return c; }
            case 2: { byte[] c = b.clone(); c[at] = alphabet[rng.nextInt(alphabet.length)]; return c; }
            default: {
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                return c;
            }
        }
    }

    /** The error must be a checked IOException naming the file and a position (byte, line or offset). */
    static void assertClearError(Throwable e, Path file) {
        assertTrue(e instanceof IOException || e instanceof IllegalArgumentException, () -> "unexpected exception type " + e);
        String m = e.getMessage();
        assertNotNull(m);
        assertTrue(m.contains(file.getFileName().toString()), () -> "message does not name the file: " + m);
        assertTrue(m.matches("(?s).*(byte|line|offset) [0-9]+.*"), () -> "message gives no position: " + m);
    }

    static Path write(Path dir, String name, byte[] b) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, b);
        return f;
    }
}
