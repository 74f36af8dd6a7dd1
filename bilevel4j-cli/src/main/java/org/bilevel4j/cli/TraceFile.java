package org.bilevel4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.Trace;
import org.bilevel4j.solver.TraceRow;

/**
 * DIR/trace.csv as the run goes: it starts as the rows a run already has (none, or a checkpoint's, written
 * atomically), then each new row is appended as one write and {@link #sync} forces it to the disk (at the
 * checkpoint cadence and at the end). A row with a column the header lacks rewrites the file atomically under the
 * wider header. When a write fails (a full disk), the file is cut back to its last complete row, appending stops,
 * and {@link #finish} tries one atomic rewrite of the whole trace. The file always equals {@link Trace#writeCsv}.
 */
final class TraceFile implements RunListener, AutoCloseable {
    static final String FILE = "trace.csv";

    private final Path file;
    private final PrintWriter err;
    private final List<TraceRow> rows;
    private Trace.Columns columns;
    private FileChannel channel;
    private long complete;        // bytes of the file that end with a complete row
    private boolean broken;       // a write failed: nothing more is appended
    long capacityForTest = Long.MAX_VALUE; // tests: bytes the "disk" takes before it is full

    TraceFile(Path dir, List<TraceRow> start, PrintWriter err) throws IOException {
        this.file = dir.resolve(FILE);
        this.err = err;
        this.rows = new ArrayList<>(start);
        rewrite();
    }

    @Override public void onRow(TraceRow row, SolverState state) {
        rows.add(row);
        if (broken) return;
        try {
            if (!columns.covers(row)) rewrite();
            else append(columns.line(row));
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Forces the rows so far to the disk (called before each checkpoint, so the trace is at least as durable). */
    void sync() {
        if (broken || channel == null) return;
        try {
            channel.force(false);
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Ends the file with exactly {@code finalRows}; after a failed append, one atomic rewrite is tried. */
    void finish(List<TraceRow> finalRows) throws IOException {
        boolean same = finalRows.equals(rows);
        rows.clear();
        rows.addAll(finalRows);
        if (!broken && same) {
            channel.force(false);
            return;
        }
        broken = true; // until the rewrite has succeeded
        rewrite();
        channel.force(false);
        broken = false;
    }

    private void append(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        if (complete + b.remaining() > capacityForTest) {
            channel.write(ByteBuffer.wrap(b.array(), 0, (int) Math.max(0, capacityForTest - complete)), complete);
            throw new IOException("No space left on device");
        }
        while (b.hasRemaining()) channel.write(b, complete + b.position());
        complete += b.limit();
    }

    /** The whole file anew under the columns of all rows, atomically; then appends go to the new file. */
    private void rewrite() throws IOException {
        closeChannel();
        columns = Trace.Columns.of(rows);
        StringBuilder text = new StringBuilder(columns.header());
        for (TraceRow r : rows) text.append(columns.line(r));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > capacityForTest) throw new IOException("No space left on device");
        AtomicFile.write(file, out -> out.write(bytes));
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        complete = bytes.length;
    }

    private void fail(IOException e) {
        if (!broken) {
            err.println("warning: could not write " + file + " (" + Main.oneLine(e.toString()) + "); it keeps its complete rows, the run goes on");
            err.flush();
        }
        broken = true;
        try {
            if (channel != null) channel.truncate(complete); // cut a partial row
        } catch (IOException ignored) {
            // the partial row stays; finish() rewrites the file if it can
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) channel.close();
        channel = null;
    }

    @Override public void close() throws IOException { closeChannel(); }
}
