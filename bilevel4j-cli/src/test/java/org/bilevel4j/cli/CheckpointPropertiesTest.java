package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import picocli.CommandLine;

/**
 * Checkpoint validation over a space of edits of one real checkpoint (quadratic, AID-CG, iteration 6 of 10, a trace
 * row every 2): an edited field is refused as "checkpoint corrupt" even when the checksum is recomputed (validation
 * does the real work), and any flipped bit is refused by the checksum or the parser (unless the values read back unchanged).
 */
class CheckpointPropertiesTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static String valid;

    @BeforeContainer static void run() throws IOException {
        Path dir = Files.createTempDirectory("checkpoint-props");
        int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
                .execute("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "10", "--trace-every", "2",
                        "--checkpoint-every", "3", "--out", dir.toString());
        assertEquals(0, code);
        valid = Files.readString(dir.resolve(Checkpoint.FILE));
        assertEquals(9, MAPPER.readTree(valid).get("iteration").asLong());
    }

    /** The text with its checksum recomputed, as someone who knew the scheme would. */
    static String resigned(String text) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(text);
        root.put("checksum", Checkpoint.checksum(root));
        return MAPPER.writeValueAsString(root);
    }

    static String readError(String text) throws IOException {
        Path dir = Files.createTempDirectory("checkpoint-edit");
        Files.writeString(dir.resolve(Checkpoint.FILE), text, StandardCharsets.ISO_8859_1);
        try {
            Checkpoint.read(dir);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } finally {
            Files.delete(dir.resolve(Checkpoint.FILE));
            Files.delete(dir);
        }
    }

    @Property(tries = 1) void theValidCheckpointReadsBack() throws IOException {
        assertNull(readError(valid));
        assertNull(readError(resigned(valid)));
    }

    /** One edit of a field that validation covers, with a value out of its range. */
    record Edit(String name, java.util.function.Consumer<ObjectNode> apply) {
        @Override public String toString() { return name; }
    }

    @Provide Arbitrary<Edit> edits() {
        Arbitrary<Long> badIteration = Arbitraries.oneOf(Arbitraries.longs().lessOrEqual(-1), Arbitraries.longs().between(11, Long.MAX_VALUE));
        Arbitrary<Long> negative = Arbitraries.longs().lessOrEqual(-1);
        Arbitrary<String> oracle = Arbitraries.of("innerGradY", "outerGradX", "outerGradY", "innerHvp", "innerCross");
        Arbitrary<Double> badSeconds = Arbitraries.oneOf(Arbitraries.doubles().between(-1e9, -0.01), Arbitraries.of(-1e-300, -Double.MAX_VALUE, -0.5));
        return Arbitraries.oneOf(
                badIteration.map(v -> new Edit("iteration=" + v, r -> {
                    r.put("iteration", v);
                    ((ObjectNode) r.get("state").get("integers")).put("iteration", v);
                })),
                badIteration.map(v -> new Edit("root iteration only=" + v, r -> r.put("iteration", v))),
                Combinators.combine(oracle, negative, Arbitraries.of("calls", "samples"))
                        .as((o, v, f) -> new Edit(o + "." + f + "=" + v, r -> ((ObjectNode) r.get("oracles").get(o)).put(f, v))),
                badSeconds.map(v -> new Edit("solverSeconds=" + v, r -> r.put("solverSeconds", v))),
                Arbitraries.of("NaN", "Infinity", "-Infinity").map(v -> new Edit("solverSeconds=" + v, r -> r.put("solverSeconds", v))),
                Arbitraries.integers().between(0, 4).map(i -> new Edit("trace row " + i + " removed", r -> ((ArrayNode) r.get("trace")).remove(i))),
                Arbitraries.integers().between(0, 9).flatMap(i -> Arbitraries.of("NaN", "Infinity", "-Infinity")
                        .map(v -> new Edit("x[" + i + "]=" + v, r -> ((ArrayNode) r.get("state").get("vectors").get("x")).set(i, r.textNode(v))))),
                Arbitraries.integers().between(0, 99).map(i -> new Edit("y[" + i + "]=NaN",
                        r -> ((ArrayNode) r.get("state").get("vectors").get("y")).set(i, r.textNode("NaN")))),
                negative.map(v -> new Edit("stop.maxIterations=" + v, r -> ((ObjectNode) r.get("stop")).put("maxIterations", v))),
                Arbitraries.integers().lessOrEqual(-1).map(v -> new Edit("stop.traceEvery=" + v, r -> ((ObjectNode) r.get("stop")).put("traceEvery", v))),
                Arbitraries.integers().between(0, 4).map(i -> new Edit("trace row " + i + " seconds=-1",
                        r -> ((ObjectNode) r.get("trace").get(i)).put("seconds", -1.0))));
    }

    @Property(tries = 80) void everyOutOfRangeFieldIsRefusedEvenWithAFreshChecksum(@ForAll("edits") Edit edit) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(valid);
        edit.apply().accept(root);
        String unsigned = MAPPER.writeValueAsString(root);
        String m = readError(resigned(unsigned));
        assertNotNull(m, edit + " was resumed");
        assertTrue(m.startsWith("checkpoint corrupt: "), m);
        assertFalse(m.contains("\n"), m);
        String m2 = readError(unsigned);
        assertTrue(m2 != null && m2.contains("checksum"), edit + " without a new checksum: " + m2);
    }

    @Property(tries = 150) void anyFlippedByteIsRefused(@ForAll("positions") int at, @ForAll("bits") int bit) throws IOException {
        byte[] b = valid.getBytes(StandardCharsets.ISO_8859_1);
        b[at % b.length] ^= (byte) (1 << bit);
        String text = new String(b, StandardCharsets.ISO_8859_1);
        String m = readError(text);
        if (m == null) // only a flip in a digit beyond a double's precision reads back: the values are then the same, bit for bit
            assertEquals(MAPPER.readTree(valid), MAPPER.readTree(text), "a flipped bit at byte " + (at % b.length) + " changed a value and was resumed");
        else assertTrue(m.startsWith("checkpoint corrupt: "), m);
    }

    @Provide Arbitrary<Integer> positions() { return Arbitraries.integers().between(0, Integer.MAX_VALUE - 1); }

    @Provide Arbitrary<Integer> bits() { return Arbitraries.integers().between(0, 7); }

    /** A checkpoint written before checksums (version 1, no checksum field) resumes after validation, with a note. */
    @Property(tries = 1) void versionOneCheckpointsAreValidatedAndResumed() throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(valid);
        root.remove("checksum");
        root.put("version", 1);
        assertNull(readError(MAPPER.writeValueAsString(root)));
        ((ObjectNode) root.get("oracles").get("innerHvp")).put("calls", -3);
        assertTrue(readError(MAPPER.writeValueAsString(root)).contains("innerHvp"));
        root = (ObjectNode) MAPPER.readTree(valid);
        root.remove("checksum");
        assertTrue(readError(MAPPER.writeValueAsString(root)).contains("checksum is missing"));
    }
}
