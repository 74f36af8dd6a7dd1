package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bilevel check}, {@code solve --audit N}, and divergence by growth from the command line. */
class CheckCliTest {
    @Test void checkWritesNumbersAndWarnings(@TempDir Path tmp) throws IOException {
        CliTest.Run r = CliTest.run("check", "--problem", "quadratic", "--solver", "aid-neumann", "--set", "neumannStep=0.5",
                "--set", "linearSteps=5", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: option neumannStep=0.500 is above 1/L"), r.out());
        JsonNode j = CliTest.json(tmp.resolve("check.json"));
        assertEquals("aid-neumann", j.get("solver").asText());
        JsonNode n = j.get("audits").get(0).get("numbers");
        assertEquals(100, n.get("eigMax").asDouble(), 1e-6, "the default quadratic's inner Hessian has largest eigenvalue 100");
        assertTrue(n.get("referenceVsExact").asDouble() < 1e-8);
        assertTrue(j.get("warnings").toString().contains("neumannStep"));

        Path toy = tmp.resolve("toy");
        CliTest.Run t = CliTest.run("check", "--problem", "toy-nonconvex", "--out", toy.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("negative eigenvalue") && t.out().contains("damping"), t.out()); // sin(x + y − c) at y0 = 0 is concave
        assertTrue(CliTest.json(toy.resolve("check.json")).get("solver").isNull());
        assertTrue(CliTest.userError(CliTest.run("check", "--problem", "quadratic", "--set", "nope=1")).contains("unknown option nope"));
    }

    @Test void solveWithAuditWritesTheTraceColumnsAndCheckJsonWithoutChangingTheRun(@TempDir Path tmp) throws IOException {
        String[] base = {"solve", "--problem", "quadratic", "--solver", "stocbio", "--iterations", "20", "--seed", "3"};
        CliTest.Run plain = CliTest.run(concat(base, "--out", tmp.resolve("plain").toString()));
        CliTest.Run audited = CliTest.run(concat(base, "--audit", "5", "--out", tmp.resolve("audited").toString()));
        assertEquals(0, plain.code(), plain.err());
        assertEquals(0, audited.code(), audited.err());
        JsonNode a = CliTest.json(tmp.resolve("plain/result.json")), b = CliTest.json(tmp.resolve("audited/result.json"));
        assertEquals(a.get("x"), b.get("x"), "same iterates");
        assertEquals(a.get("oracles"), b.get("oracles"), "same oracle counts");
        JsonNode check = CliTest.json(tmp.resolve("audited/check.json"));
        assertEquals(4, check.get("audits").size());
        assertEquals(5, check.get("audits").get(0).get("iteration").asInt());
        String header = Files.readAllLines(tmp.resolve("audited/trace.csv")).get(0);
        assertTrue(header.contains("audit.hypergradError") && header.contains("audit.eigMin") && header.contains("hypergradErrorAbs"), header);
        assertTrue(b.get("final").has("hypergradErrorAbs"));
    }

    @Test void aGrowingRunExitsThreeNamingTheQuantityAndTheStepOptions(@TempDir Path tmp) throws IOException {
        CliTest.Run r = CliTest.run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--set", "outerStep=100", "--out", tmp.toString());
        assertEquals(Main.DIVERGED, r.code(), r.err());
        assertTrue(r.err().contains("grew from norm") || r.err().contains("rose from"), r.err());
        assertTrue(r.err().contains("Step options of aid-cg (lower with --set): ") && r.err().contains("outerStep=100"), r.err());
        JsonNode j = CliTest.json(tmp.resolve("result.json"));
        assertEquals("diverged", j.get("status").asText());
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
