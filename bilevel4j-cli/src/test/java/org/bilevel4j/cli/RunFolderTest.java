package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.bilevel4j.cli.CliTest.userError;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner of an output folder: locked for the run's lifetime, refused when a file or unwritable, stale locks taken. */
class RunFolderTest {
    @TempDir Path tmp;

    static final String[] QUICK = {"--problem", "quadratic", "--solver", "aid-cg", "--iterations", "3"};

    static String[] solve(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("solve"));
        a.addAll(List.of(QUICK));
        a.addAll(List.of(extra));
        a.addAll(List.of("--out", out.toString()));
        return a.toArray(String[]::new);
    }

    /** Child-JVM entry: holds the lock of args[0] and says so, until its input closes (or it is killed). */
    public static void main(String[] args) throws IOException {
        try (RunFolder f = RunFolder.open(Path.of(args[0]))) {
            System.out.println("LOCKED");
            System.out.flush();
            while (System.in.read() >= 0) { /* wait */ }
        }
    }

    Process holder(Path dir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), RunFolderTest.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("LOCKED", line);
        return p;
    }

    @Test void aSecondWriterIsRefusedNamingTheHolderAndAKilledHoldersLockIsStale() throws Exception {
        Path dir = tmp.resolve("out");
        Process p = holder(dir);
        String m = userError(run(solve(dir)));
        assertTrue(m.contains("in use by another bilevel run (process " + p.pid() + ")"), m);
        assertFalse(Files.exists(dir.resolve("result.json")), "the refused run wrote nothing");
        p.destroyForcibly(); // SIGKILL: no clean-up runs, the lock file stays with the dead process's id
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(Long.toString(p.pid()), Files.readString(dir.resolve(RunFolder.LOCK)).strip());
        CliTest.Run ok = run(solve(dir));
        assertEquals(0, ok.code(), ok.err());
        assertEquals("", Files.readString(dir.resolve(RunFolder.LOCK)), "released at the end");
    }

    /** The reproduction: two runs on one --out at once. One runs, the other is refused; the files are whole. */
    @Test void twoRunsOnOneFolderDoNotMixTheirFiles() throws Exception {
        Path dir = tmp.resolve("both");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<CliTest.Run>> both = new ArrayList<>();
        for (String seed : new String[] {"1", "2"})
            both.add(() -> run("solve", "--problem", "quadratic", "--solver", "aid-cg", "--iterations", "200", "--seed", seed, "--out", dir.toString()));
        List<CliTest.Run> rs = new ArrayList<>();
        for (Future<CliTest.Run> f : pool.invokeAll(both)) rs.add(f.get());
        pool.shutdown();
        long ok = rs.stream().filter(r -> r.code() == 0).count();
        assertTrue(ok >= 1, rs.toString());
        for (CliTest.Run r : rs) if (r.code() != 0) assertTrue(userError(r).contains("in use by another bilevel run"), r.err());
        long seed = json(dir.resolve("result.json")).get("seed").asLong();
        List<String> trace = Files.readAllLines(dir.resolve("trace.csv"));
        assertEquals(1 + 101 + 10, trace.size(), "one header and the 111 rows of one run (the default --trace-every auto: 0..100, 110..200)");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(), "no temporary files left");
        }
        assertTrue(seed == 1 || seed == 2);
    }

    @Test void theSameJvmCannotOpenAFolderTwice() {
        Path dir = tmp.resolve("twice");
        try (RunFolder a = RunFolder.open(dir)) {
            RunFolder.InUseException e = assertThrows(RunFolder.InUseException.class, () -> RunFolder.open(dir));
            assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
        }
        RunFolder.open(dir).close(); // free again
    }

    @Test void aFileOrAnUnwritablePlaceIsRefusedBeforeTheRun() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertTrue(userError(run(solve(file))).contains("is a file"));
        assertEquals("x", Files.readString(file));
        assertTrue(userError(run(solve(file.resolve("sub")))).contains("cannot create the output folder"));
        // /proc refuses new files even to root: the folder exists and is not writable
        Path proc = Path.of("/proc/self");
        if (Files.isDirectory(proc)) assertTrue(userError(run(solve(proc))).contains("cannot write into the output folder"));
        Path ro = Files.createDirectories(tmp.resolve("read-only"));
        if (ro.toFile().setWritable(false) && !Files.isWritable(ro)) { // not as root, which writes anyway
            String m = userError(run(solve(ro)));
            assertTrue(m.contains("cannot write into the output folder") && m.contains("permission denied"), m);
            ro.toFile().setWritable(true);
        }
    }
}
