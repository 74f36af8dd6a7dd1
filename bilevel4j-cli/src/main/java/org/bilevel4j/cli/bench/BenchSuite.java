package org.bilevel4j.cli.bench;

/** A named benchmark or reproduction: {@code ./bilevel bench NAME --out DIR}. */
public interface BenchSuite {
    String name();

    String description();

    /** Runs the suite, writing its tables, traces and plots under {@code ctx.out()}. */
    void run(BenchContext ctx) throws Exception;

    /**
     * Checks the command line's options before anything runs or is written (a bad one is exit 2). Reads only data
     * that is already fetched and fetches nothing. This default is for suites that read no {@code --set} option.
     */
    default void validate(BenchContext ctx) throws Exception { ctx.options().requireAllUsed("bench " + name()); }
}
