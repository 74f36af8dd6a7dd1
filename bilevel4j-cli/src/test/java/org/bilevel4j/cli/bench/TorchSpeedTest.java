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
}
