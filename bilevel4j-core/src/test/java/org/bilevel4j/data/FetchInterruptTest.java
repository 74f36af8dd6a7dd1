package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM during `data fetch`: the package tool's whole process tree ends and the scratch folder goes. */
class FetchInterruptTest {
    @TempDir Path dir;

    static boolean alive(long pid) { return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); }

    @Test void sigtermEndsTheToolTreeAndRemovesTheScratchFolder() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sh and /bin/sleep");
        Path bin = Files.createDirectories(dir.resolve("bin")), mark = Files.createDirectories(dir.resolve("mark"));
        // a stand-in for npm that starts a child (as npm starts node and its helpers) and waits for it
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\n/bin/sleep 300 &\necho $! > '" + mark.resolve("child") + "'\necho $$ > '" + mark.resolve("npm")
                + "'\nwait\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = dir.resolve("cache");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                MissingToolTest.class.getName(), "mnist")).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("BILEVEL4J_DATA", cache.toString());
        Process p = pb.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(Files.exists(mark.resolve("child")) && Files.exists(mark.resolve("npm"))) && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(200);
        long child = Long.parseLong(Files.readString(mark.resolve("child")).strip()), tool = Long.parseLong(Files.readString(mark.resolve("npm")).strip());
        assertTrue(alive(child) && alive(tool), "the fake npm and its child run");
        try (Stream<Path> s = Files.list(cache)) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().startsWith(".fetch-")), "a scratch folder exists while fetching");
        }

        p.destroy(); // SIGTERM to the JVM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM ends");
        for (long pid : new long[] {child, tool}) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) h.get().onExit().get(10, TimeUnit.SECONDS); // (a zombie until its parent reaps it counts as ended)
            assertFalse(alive(pid), "process " + pid + " of the tool's tree still runs\n" + Files.readString(dir.resolve("out.txt")));
        }
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(), s.toList(), "no scratch folder left");
        }
    }
}
