package org.bilevel4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The output folder of a run, owned for the run's lifetime: created if needed, refused when it is a file, checked
 * writable, and locked with an operating-system lock on {@value #LOCK} that holds the owner's process id. A second
 * writer gets a one-line error naming that process. The operating system drops the lock when its process ends, however
 * it ends, so a lock left by a killed process is stale by construction and the next run takes it. The lock file
 * stays (deleting it would let two processes lock two different files). Readers do not lock.
 */
final class RunFolder implements AutoCloseable {
    static final String LOCK = ".bilevel.lock";

    /** Another process (or this one) writes into the folder. */
    static final class InUseException extends IllegalArgumentException {
        InUseException(String message) { super(message); }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    Path dir() { return dir; }

    /** Creates (if needed), checks and locks dir; IllegalArgumentException with one line on any problem. */
    static RunFolder open(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new IllegalArgumentException("output folder " + dir + " is a file; give a folder (new or existing)");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output folder " + dir + " (" + reason(e) + "); choose another");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unwritable(dir, e);
        }
        FileLock lock = null;
        try {
            lock = ch.tryLock();
            if (lock == null) throw new InUseException(inUse(dir, holder(ch)));
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(false);
            Files.delete(Files.createTempFile(dir, ".write-check-", ".tmp")); // the folder itself takes new files
            return new RunFolder(dir, ch, lock);
        } catch (OverlappingFileLockException e) { // this JVM holds it already
            close(ch);
            throw new InUseException(inUse(dir, Long.toString(ProcessHandle.current().pid())));
        } catch (IOException e) {
            close(ch);
            throw unwritable(dir, e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    /** As {@link #open}, for a folder that must already exist ({@code --resume}). */
    static RunFolder openExisting(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no checkpoint to resume: " + dir + " does not exist (no such folder)");
        return open(dir);
    }

    private static String inUse(Path dir, String pid) {
        return dir + " is in use by another bilevel run (process " + pid + "); wait for it to end, or choose another folder";
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return s.matches("[0-9]+") ? s : "unknown";
    }

    private static IllegalArgumentException unwritable(Path dir, IOException e) {
        return new IllegalArgumentException("cannot write into the output folder " + dir + " (" + reason(e) + "); make it writable or choose another");
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void close(FileChannel ch) {
        try {
            ch.close(); // releases the lock if one was taken
        } catch (IOException ignored) {
            // nothing to do: the descriptor is gone either way
        }
    }

    /** Releases the lock; the file is emptied to say so. */
    @Override public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException ignored) {
            // the lock ends with the channel anyway
        }
        close(channel);
    }
}
