package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.Trace;
import org.bilevel4j.solver.TraceRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of a run folder: atomic under failure and concurrency, trace.csv appended and whole after a full disk. */
class OutputFilesTest {
    @TempDir Path tmp;

    static TraceRow row(long i, Map<String, Double> metrics) {
        return new TraceRow(i, 0.5 * i, Map.of("innerGradY", 3 * i), 1.0 / (i + 1), 0.1, Double.NaN, Double.NaN, metrics, Map.of());
    }

    static String csv(List<TraceRow> rows, Path file) throws IOException {
        Trace t = new Trace();
        rows.forEach(t::add);
        t.writeCsv(file);
        return Files.readString(file);
    }

    List<String> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = tmp.resolve("result.json");
        AtomicFile.write(f, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(), temporaries());
    }

    /** Writers of one file in parallel: each write is whole, none trips over another's temporary file. */
    @Test void concurrentWritersNeverShareATemporaryName() throws Exception {
        Path f = tmp.resolve("result.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String text = ("writer " + w + "\n").repeat(2000);
            fs.add(pool.submit(() -> {
                for (int k = 0; k < 25; k++) {
                    AtomicFile.write(f, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
                    String now = Files.readString(f);
                    assertTrue(now.equals(now.substring(0, 9).repeat(2000)), "a mixed file");
                }
                return null;
            }));
        }
        for (Future<?> x : fs) x.get();
        pool.shutdown();
        assertEquals(List.of(), temporaries());
    }

    @Test void theTraceFileIsAppendedAndEqualsTheWholeTrace() throws IOException {
        List<TraceRow> rows = List.of(row(0, Map.of("b", 1.0, "a", 2.0)), row(1, Map.of("a", 3.0, "b", 4.0)), row(2, Map.of("a", 5.0, "b", 6.0, "c", 7.0)),
                row(3, Map.of("c", 8.0, "b", 9.0, "a", 1.0)));
        Path dir = Files.createDirectories(tmp.resolve("run"));
        try (TraceFile t = new TraceFile(dir, rows.subList(0, 1), new PrintWriter(new StringWriter()))) {
            for (TraceRow r : rows.subList(1, 4)) {
                t.onRow(r, null);
                List<TraceRow> sofar = rows.subList(0, (int) r.iteration() + 1);
                assertEquals(csv(sofar, tmp.resolve("expected.csv")), Files.readString(dir.resolve(TraceFile.FILE)), "after row " + r.iteration());
            }
            t.finish(rows);
        }
        assertEquals(csv(rows, tmp.resolve("expected.csv")), Files.readString(dir.resolve(TraceFile.FILE)));
        assertTrue(Files.readAllLines(dir.resolve(TraceFile.FILE)).get(0).endsWith("a,b,c"), "metric columns sorted by name");
    }

    @Test void aFullDiskKeepsTheCompleteRowsAndTheRunEndsWithTheWholeTraceWhenSpaceReturns() throws IOException {
        List<TraceRow> rows = new ArrayList<>();
        for (int i = 0; i < 6; i++) rows.add(row(i, Map.of("a", (double) i)));
        Path dir = Files.createDirectories(tmp.resolve("run"));
        StringWriter warnings = new StringWriter();
        TraceFile t = new TraceFile(dir, rows.subList(0, 2), new PrintWriter(warnings));
        t.onRow(rows.get(2), null);
        String before = Files.readString(dir.resolve(TraceFile.FILE));
        t.capacityForTest = before.length() + 5; // the next row does not fit
        t.onRow(rows.get(3), null);
        t.onRow(rows.get(4), null);
        assertEquals(before, Files.readString(dir.resolve(TraceFile.FILE)), "cut back to the last complete row");
        assertTrue(warnings.toString().contains("No space left on device") && warnings.toString().lines().count() == 1, warnings.toString());
        assertThrows(IOException.class, () -> t.finish(rows.subList(0, 5)), "still full: the run reports it");
        assertEquals(before, Files.readString(dir.resolve(TraceFile.FILE)), "and the file is still whole");
        t.capacityForTest = Long.MAX_VALUE; // space is back
        t.onRow(rows.get(5), null);
        t.finish(rows);
        t.close();
        assertEquals(csv(rows, tmp.resolve("expected.csv")), Files.readString(dir.resolve(TraceFile.FILE)));
        assertEquals(List.of(), temporaries());
    }

    /** During a run trace.csv already holds every row so far (it grows, it is not written at the end). */
    @Test void theTraceGrowsDuringTheRun() throws IOException {
        Path dir = tmp.resolve("growing");
        List<Integer> seen = new ArrayList<>();
        RunListener peek = new RunListener() {
            @Override public void onIteration(SolverState s, Trace trace, OracleCounts counts, double seconds) {
                try {
                    seen.add(Files.readAllLines(dir.resolve(TraceFile.FILE)).size() - 1);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        SolveRun.run(new SolveRun.Setup("quadratic", "aid-cg", 0, Map.of(), StopRule.iterations(5)), dir, List.of(peek));
        assertEquals(List.of(2, 3, 4, 5, 6), seen, "rows 0..k are in the file at iteration k");
    }

}
