package org.bilevel4j.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.bilevel4j.solver.Options;

/**
 * What a suite gets from the command line: the output folder, the seeds, extra {@code --set} options, a
 * stream for progress lines, and {@code quick} (a CI-sized run for tests).
 */
public record BenchContext(Path out, List<Long> seeds, Options options, PrintStream log, boolean quick) {}
