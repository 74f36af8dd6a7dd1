package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed suite in its quick form: it runs, writes both files, and counts the oracles AID-CG must call. */
class AidCgSpeedTest {
    static BenchContext context(Path dir, Map<String, String> options) {
        return new BenchContext(dir, List.of(3L), new Options(options), new PrintStream(new ByteArrayOutputStream()), true);
    }

    @Test void quickRunWritesTimingsAndOracleCounts(@TempDir Path dir) throws Exception {
        BenchSuite s = BenchSuites.get("aid-cg-speed");
        s.run(context(dir, Map.of("trainSize", "203", "valSize", "50", "features", "37", "iterations", "2", "passes", "2", "threads", "1")));
        JsonNode j = new ObjectMapper().readTree(Files.readString(dir.resolve("speed.json")));
        assertEquals(203, j.get("trainRows").asInt());
        assertEquals(10 * 37, j.get("dimY").asInt()); // 10 classes x 37 features, no bias (benchopt)
        for (String k : new String[] {"gradientPassMs", "hvpPassMs", "hvpFirstAtNewPointMs", "outerIterationSeconds"}) {
            assertTrue(j.get(k).get("median").asDouble() > 0, k);
            assertTrue(j.get(k).get("min").asDouble() <= j.get(k).get("median").asDouble(), k);
        }
        assertEquals(2, j.get("outerIterationSeconds").get("runs").size());
        assertEquals(3, j.get("warmupPasses").asInt(), "quick: 3 warm-up passes, however busy the JIT");
        // the pass's roofline, measured in the same run, in the same shape; no hard-coded target
        if (j.get("simd").asBoolean())
            for (String k : new String[] {"streamFeaturesMs", "computeBoundMs"}) {
                assertTrue(j.get(k).get("median").asDouble() > 0, k);
                assertTrue(j.get(k).get("min").asDouble() <= j.get(k).get("median").asDouble(), k);
                assertEquals(2, j.get(k).get("runs").size(), k);
            }
        assertEquals(4.0 * 203 * 37 * 10 / 1e9, j.get("gradientPassGflop").asDouble(), 1e-15);
        // float features: nothing skipped, the FLOPs done are the dense ones
        assertEquals(0, j.get("zeroSkipFraction").asDouble());
        assertEquals(j.get("gradientPassGflop").asDouble(), j.get("gradientPassGflopDone").asDouble());
        assertEquals(j.get("computeBoundMs").get("median").asDouble(), j.get("computeBoundDoneMs").get("median").asDouble());
        assertNull(j.get("targetSeconds"));
        assertNull(j.get("meetsTarget"));
        assertEquals(2, j.get("outerIterationCpuSeconds").get("runs").size());
        assertEquals("1", j.get("threads").asText());
        assertNull(System.getProperty("bilevel4j.threads"), "the threads option is restored after the run");
        // AID-CG (§4.2): D = 10 inner gradients, CG with a nonzero warm start: 1 + N = 11 HVPs, one outer gradient
        // and one cross product per iteration
        JsonNode calls = j.get("oracleCallsPerIteration");
        assertEquals(10, calls.get("innerGradY").asLong());
        assertEquals(11, calls.get("innerHvp").asLong());
        assertEquals(1, calls.get("outerGradY").asLong());
        assertEquals(1, calls.get("innerCross").asLong());
        assertEquals(j.get("kernel").asText().contains("SIMD"), j.get("simd").asBoolean());
        assertTrue(j.get("jvm").asText().contains(Integer.toString(Runtime.version().feature())));
        String md = Files.readString(dir.resolve("speed.md"));
        assertTrue(md.contains("AID-CG outer iteration (s)") && md.contains("gradient pass (ms)"), md);
    }

    @Test void theFractionSkippedIsReadFromTheKernelsReport() {
        assertEquals(0.4017, AidCgSpeed.zeroSkipFraction("dense SIMD 8-bit features, float32 sums (jdk.incubator.vector, 512-bit), zero bytes skipped: "
                + "41.7% of the dots' tile columns, 38.6% of the axpy's row pieces, 40.17% of a full pass's FLOPs"), 1e-12);
        assertEquals(0, AidCgSpeed.zeroSkipFraction("dense SIMD float32 (jdk.incubator.vector, 512-bit)"));
    }

    @Test void unknownOptionsAreRejected(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchSuites.get("aid-cg-speed").run(context(dir, Map.of("innerStepz", "3"))));
        assertTrue(e.getMessage().contains("innerStepz"), e.getMessage());
    }
}
