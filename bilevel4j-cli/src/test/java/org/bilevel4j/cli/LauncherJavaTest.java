package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Java {@code ./bilevel} runs with {@code BILEVEL_JAVA=auto}: the newest JDK of version 25 or later in the JVM
 * directory, the default java where there is none, and the default java for Spark, which needs 17 or 21 (README, "Which
 * Java"). The launcher is copied beside a stand-in jar (so it builds nothing) and given stand-in java executables that
 * report a version and print which of them ran.
 */
class LauncherJavaTest {
    @TempDir Path dir;

    @Test void autoTakesTheNewestJava25OrLater() throws Exception {
        setUp("17", "25", "26");
        assertEquals("jdk26", run("auto", "solve", "--problem", "quadratic"));
    }

    @Test void autoFallsBackToTheDefaultJavaWithoutOne() throws Exception {
        setUp("17", "21");
        assertEquals("path", run("auto", "solve", "--problem", "quadratic"));
    }

    @Test void sparkRunsOnTheDefaultJava() throws Exception {
        setUp("17", "25");
        assertEquals("path", run("auto", "solve", "--set", "engine=spark"));
        assertEquals("path", run("auto", "solve", "--set=engine=spark"));
        assertEquals("path", run("auto", "bench", "spark-scaling"));
        assertEquals("jdk25", run("auto", "bench", "aid-cg-speed"));
    }

    @Test void unsetRunsTheDefaultJavaAndAPathRunsThatJava() throws Exception {
        setUp("17", "25");
        assertEquals("path", run(null, "list"));
        assertEquals("jdk17", run(dir.resolve("jvm/jdk17/bin/java").toString(), "list"));
    }

    /** The launcher beside a stand-in jar, JDKs of those versions under jvm/, and a default java (version 17) on the PATH. */
    private void setUp(String... versions) throws IOException {
        Path launcher = Path.of("..", "bilevel").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(launcher), "no launcher at " + launcher);
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        Files.copy(launcher, dir.resolve("bilevel"));
        Files.createDirectories(dir.resolve("bilevel4j-cli/target"));
        Files.writeString(dir.resolve("bilevel4j-cli/target/bilevel.jar"), "");
        for (String v : versions) fakeJava(dir.resolve("jvm/jdk" + v + "/bin/java"), v, "jdk" + v);
        fakeJava(dir.resolve("path/java"), "17", "path");
    }

    /** An executable that answers -XshowSettings with that version, else prints its name. */
    private static void fakeJava(Path file, String version, String name) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n"
                + "if [ \"$1\" = \"-XshowSettings:properties\" ]; then echo \"    java.specification.version = " + version + "\" >&2; exit 0; fi\n"
                + "echo \"ran " + name + "\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The name of the stand-in java the launcher ran. */
    private String run(String bilevelJava, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", dir.resolve("bilevel").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", dir.resolve("path") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("BILEVEL_JVM_DIR", dir.resolve("jvm").toString());
        if (bilevelJava == null) env.remove("BILEVEL_JAVA"); else env.put("BILEVEL_JAVA", bilevelJava);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String ran = out.lines().filter(l -> l.startsWith("ran ")).findFirst().orElseThrow(() -> new AssertionError("nothing ran: " + out));
        return ran.substring(4);
    }
}
