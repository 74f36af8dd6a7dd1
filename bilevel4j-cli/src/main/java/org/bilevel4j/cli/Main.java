package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bilevel4j.data.DataSetException;
import org.bilevel4j.vec.Heap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code bilevel} command. User errors (bad names, options, values, dimensions) print one line and exit
 * with 2; a diverged run exits with 3; anything unexpected prints one line (stack trace with --debug), exit 1.
 */
@Command(name = "bilevel", mixinStandardHelpOptions = true, version = "bilevel4j 0.1.0",
        description = "Gradient-based bilevel optimization: solve problems, compare solvers, run benchmarks.",
        subcommands = {ListCommand.class, SolveCommand.class, CheckCommand.class, DemoCommand.class, BenchCommand.class, ReportCommand.class, DataCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static final int USER_ERROR = 2;
    public static final int DIVERGED = 3;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print the stack trace of errors.")
    boolean debug;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        spec.commandLine().getErr().println("error: missing command; one of: list, solve, check, demo, bench, report, data (see bilevel --help)");
        return USER_ERROR;
    }

    /** The configured command line; tests call {@code execute} on it with their own out and err writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + parameterMessage(ex) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            boolean debug = debugRequested(parsed);
            int code;
            if (causedBy(ex, OutOfMemoryError.class)) {
                err.println("error: " + outOfMemory());
                code = USER_ERROR;
            } else if (ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException || ex instanceof DataSetException) {
                err.println("error: " + oneLine(ex.getMessage()));
                code = USER_ERROR;
            } else {
                String msg = ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage());
                err.println("error: " + ex.getClass().getSimpleName() + msg + (debug ? "" : " (run with --debug for the stack trace)"));
                code = 1;
            }
            if (debug) ex.printStackTrace(err);
            err.flush();
            return code;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) { // sizes are checked before allocating; this is the backstop for what no check foresaw
            System.err.println("error: " + outOfMemory());
            code = USER_ERROR;
        }
        System.exit(code);
    }

    static String outOfMemory() {
        return "out of Java heap: this JVM may use at most " + Heap.size(Runtime.getRuntime().maxMemory())
                + "; choose smaller sizes or give the JVM more (BILEVEL_JAVA_OPTS=-Xmx..., or java -Xmx...)";
    }

    /** Picocli's message, with the accepted commands or options named for unknown ones. */
    private static String parameterMessage(CommandLine.ParameterException ex) {
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        List<String> unmatched = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : ex.getCommandLine().getParseResult() != null ? ex.getCommandLine().getParseResult().unmatched() : List.of();
        if (!unmatched.isEmpty()) { // an unknown option explains a missing one better than the reverse
            String arg = unmatched.get(0);
            if (arg.startsWith("-")) {
                List<String> names = new ArrayList<>();
                for (CommandLine.Model.OptionSpec o : spec.options()) names.add(o.longestName());
                return "unknown option '" + arg + "' for " + spec.qualifiedName() + "; accepted: " + String.join(", ", names);
            }
            if (!spec.subcommands().isEmpty())
                return "unknown command '" + arg + "'; one of: " + String.join(", ", spec.subcommands().keySet());
            return "unexpected argument '" + arg + "' for " + spec.qualifiedName();
        }
        return oneLine(ex.getMessage());
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> kind) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) if (kind.isInstance(t)) return true;
        return false;
    }

    private static boolean debugRequested(ParseResult p) {
        for (; p != null; p = p.subcommand()) if (p.hasMatchedOption("--debug")) return true;
        return false;
    }

    static String oneLine(String s) {
        return s == null ? "(no message)" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
