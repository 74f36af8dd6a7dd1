package org.bilevel4j.data;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs the external programs that fetch data sets (npm, apt-get, dpkg-deb, ar, tar): time-limited, output captured. */
final class ExternalTool {
    private ExternalTool() {}

    /** What a finished command printed (stdout and stderr merged) and its exit status. */
    record Result(int exitCode, String output) {
        boolean ok() { return exitCode == 0; }

        /** The last lines of the output, for error messages. */
        String tail() {
            String[] lines = output.strip().split("\n");
            int from = Math.max(0, lines.length - 8);
            return String.join("\n", List.of(lines).subList(from, lines.length));
        }
    }

    /** The commands running now (for {@link #stopAll} when the JVM is asked to end). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * Ends every running command with its whole process tree (npm's node children, apt-get's methods, dpkg's tar):
     * the tree is listed first, then each process gets SIGTERM, and what is still alive after 3 s gets SIGKILL.
     */
    static void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : RUNNING) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    /** The executable's path on PATH, or null. */
    static Path find(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    static boolean exists(String tool) { return find(tool) != null; }

    /** Fails with a message naming the tool, how to get it, and the command to retry, when the tool is not on PATH. */
    static void require(String tool, String dataset, String installHint) throws IOException {
        if (!exists(tool))
            throw new IOException("fetching data set '" + dataset + "' needs the program '" + tool + "', which is not on PATH. "
                    + installHint + ", then run: ./bilevel data fetch " + dataset);
    }

    /** Runs the command in dir, waits at most timeout; the output goes to a file in dir (no pipe can fill up). */
    static Result run(List<String> command, Path dir, Duration timeout) throws IOException {
        Path log = Files.createTempFile(dir, "tool-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        RUNNING.add(p);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds() + " s; stopped it");
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + String.join(" ", command) + "'", e);
        } finally {
            RUNNING.remove(p);
        }
        String out = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.deleteIfExists(log);
        return new Result(p.exitValue(), out);
    }

    /** Runs the command and fails, quoting its last output lines, unless it exits 0. */
    static Result runOk(List<String> command, Path dir, Duration timeout, String dataset) throws IOException {
        Result r = run(command, dir, timeout);
        if (!r.ok())
            throw new IOException("fetching '" + dataset + "': '" + String.join(" ", command) + "' failed with exit code "
                    + r.exitCode() + ":\n" + r.tail() + "\nFix the cause, then run: ./bilevel data fetch " + dataset);
        return r;
    }
}
