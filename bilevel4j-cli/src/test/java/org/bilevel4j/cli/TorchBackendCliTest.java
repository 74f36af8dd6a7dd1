package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.bilevel4j.cli.CliTest.userError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set backend=torch} reaches the torch plug-in from the command line; a CUDA device is a one-line user error. */
class TorchBackendCliTest {
    @Test void hypercleanRunsThroughLibtorchAndCudaIsRefused(@TempDir Path tmp) throws IOException {
        CliTest.Run r = run("solve", "--problem", "hyperclean", "--solver", "aid-cg", "--set", "backend=torch", "--set", "threads=1",
                "--set", "trainSize=20", "--set", "valSize=10", "--set", "testSize=10", "--set", "features=4", "--set", "referenceIterations=5",
                "--iterations", "2", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(json(tmp.resolve("result.json")).get("passes").asDouble() > 0);
        String line = userError(run("solve", "--problem", "hyperclean", "--solver", "aid-cg", "--set", "backend=torch", "--set", "device=cuda",
                "--set", "trainSize=20", "--iterations", "1", "--out", tmp.resolve("c").toString()));
        assertTrue(line.contains("device=cuda") && line.contains("device=cpu"), line);
    }
}
