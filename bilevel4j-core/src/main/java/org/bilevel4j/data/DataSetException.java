package org.bilevel4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A data set that cannot be used: it could not be fetched, a file fails its checksum, or a file does not parse. The
 * message names the file and the command that repairs it ({@code ./bilevel data fetch NAME}); the CLI exits with 2.
 */
public final class DataSetException extends UncheckedIOException {
    private final String dataset;

    public DataSetException(String dataset, String message, IOException cause) {
        super(message, cause);
        this.dataset = dataset;
    }

    /** The data set's name, as {@code bilevel data} knows it. */
    public String dataset() { return dataset; }
}
