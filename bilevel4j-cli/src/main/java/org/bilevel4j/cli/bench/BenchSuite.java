package org.bilevel4j.cli.bench;

/** A named benchmark or reproduction: {@code ./bilevel bench NAME --out DIR}. */
public interface BenchSuite {
    String name();

    String description();

    /** Runs the suite, writing its tables, traces and plots under {@code ctx.out()}. */
    void run(BenchContext ctx) throws Exception;
}
