package org.bilevel4j.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that cannot be read as its format says: the message names the file and the position (byte or line). */
public class CorruptDataException extends IOException {
    private final Path file;

    public CorruptDataException(Path file, String position, String problem) {
        super(file + ": " + position + ": " + problem);
        this.file = file;
    }

    public CorruptDataException(Path file, String position, String problem, Throwable cause) {
        super(file + ": " + position + ": " + problem, cause);
        this.file = file;
    }

    public Path file() { return file; }
}
