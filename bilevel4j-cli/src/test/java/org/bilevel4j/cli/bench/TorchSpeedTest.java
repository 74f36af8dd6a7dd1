package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bilevel4j.solver.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench torch-speed --quick} writes speed.json and speed.md with a row per model and backend (no timing asserted). */
class TorchSpeedTest {
    @Test void quickRunWritesBothFiles(@TempDir Path tmp) throws Exception {
        Options o = new Options(Map.of("python", "false", "repetitions", "1", "threads", "1"));
        new TorchSpeed().run(new BenchContext(tmp, List.of(0L), o, new PrintStream(java.io.OutputStream.nullOutputStream()), true));
        JsonNode j = new ObjectMapper().readTree(Files.readString(tmp.resolve("speed.json")));
        assertEquals(4, j.get("rows").size());
        for (JsonNode r : j.get("rows")) assertTrue(r.get("gradientMs").asDouble() > 0, r.toString());
        assertTrue(j.get("rows").get(1).has("copyMs"));
        assertTrue(Files.readString(tmp.resolve("speed.md")).contains("conv-4"));
    }

    /** Without Debian's python3-torch the Python side is one clear line (the package must not be installed here). */
    @Test void missingPythonTorchIsOneClearLine(@TempDir Path tmp) throws Exception {
        Path py = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(py), "no /usr/bin/python3");
        Process p = new ProcessBuilder(py.toString(), "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() != 0, "python3-torch is installed");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        BenchContext ctx = new BenchContext(tmp, List.of(0L), new Options(Map.of()), new PrintStream(log, true), true);
        JsonNode j = TorchSpeed.python(ctx, 1, true);
        assertEquals("python3-torch not installed (/usr/bin/python3 cannot import torch)", j.get("skipped").asText());
        assertTrue(log.toString().contains("no Python timing (python3-torch not installed"), log.toString());
    }
}
