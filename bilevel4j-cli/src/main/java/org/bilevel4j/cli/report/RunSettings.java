package org.bilevel4j.cli.report;

import org.bilevel4j.cli.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code DIR/settings.json}: what a report says about how a folder was made — the command, when, the machine as
 * {@code lscpu} reports it, memory, the JVM and its flags, and what the command adds (seeds, options, stop rule, tasks,
 * solvers). Each call merges its keys into the file. {@code DIR/.in-progress} marks a folder still being written.
 */
public final class RunSettings {
    private RunSettings() {}

    public static final String FILE = "settings.json", MARKER = ".in-progress";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Records the machine and {@code extra} (values: strings, numbers or lists) and marks the folder as being written. */
    public static void started(Path dir, Map<String, Object> extra) throws IOException {
        Files.createDirectories(dir);
        AtomicFile.writeString(dir.resolve(MARKER), Instant.now() + " pid " + ProcessHandle.current().pid() + "\n");
        record(dir, extra);
    }

    /** The folder is complete. */
    public static void finished(Path dir) throws IOException { Files.deleteIfExists(dir.resolve(MARKER)); }

    public static boolean inProgress(Path dir) { return Files.exists(dir.resolve(MARKER)); }

    /** Merges the machine, JVM and {@code extra} into settings.json. */
    public static void record(Path dir, Map<String, Object> extra) throws IOException {
        ObjectNode root = read(dir);
        if (!root.has("started")) root.put("started", Instant.now().toString());
        root.put("command", command());
        root.set("machine", machine());
        root.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")");
        root.put("jvmFlags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        extra.forEach((k, v) -> root.set(k, MAPPER.valueToTree(v)));
        Path tmp = dir.resolve(FILE + ".tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** settings.json of {@code dir}, or an empty object. */
    public static ObjectNode read(Path dir) {
        try {
            JsonNode n = MAPPER.readTree(dir.resolve(FILE).toFile());
            if (n instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // missing or unreadable: start afresh
        }
        return MAPPER.createObjectNode();
    }

    /** The machine: lscpu's model name, CPUs, threads per core, caches; total memory; or the JVM's view where lscpu is missing. */
    static ObjectNode machine() {
        ObjectNode m = MAPPER.createObjectNode();
        for (String line : run(List.of("lscpu"))) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String k = line.substring(0, colon).strip(), v = line.substring(colon + 1).strip();
            if (List.of("Model name", "CPU(s)", "Thread(s) per core", "Core(s) per socket", "Socket(s)", "L2", "L3", "L2 cache", "L3 cache",
                    "Architecture", "Hypervisor vendor", "CPU max MHz").contains(k)) m.put(k, v);
        }
        if (!m.has("CPU(s)")) m.put("CPU(s)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        for (String line : lines(Path.of("/proc/meminfo")))
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                m.put("Memory", String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1048576.0));
            }
        m.put("JVM max heap", String.format(java.util.Locale.ROOT, "%.1f GiB", Runtime.getRuntime().maxMemory() / 1073741824.0));
        return m;
    }

    /** "bilevel ARGS" as the JVM was started, when it ran the command-line entry point; else the JVM's command. */
    static String command() {
        List<String> args = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        for (int i = 0; i < args.size(); i++)
            if (args.get(i).endsWith("bilevel.jar") || args.get(i).equals("org.bilevel4j.cli.Main"))
                return "bilevel " + String.join(" ", args.subList(i + 1, args.size()));
        return "(run from " + ProcessHandle.current().info().command().orElse("a JVM") + ", not the command line)";
    }

    private static List<String> run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.lines().toList() : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
