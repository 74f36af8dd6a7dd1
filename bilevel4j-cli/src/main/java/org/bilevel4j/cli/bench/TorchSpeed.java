package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.tasks.HyperCleaning;
import org.bilevel4j.tasks.Synthetic;
import org.bilevel4j.torch.Torch;
import org.bilevel4j.torch.TorchProblem;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.torch.nets.ResNet;
import org.bilevel4j.torch.tasks.LogisticTorch;
import org.bilevel4j.torch.tasks.SampleWeighting;
import org.bilevel4j.vec.Vec;

/**
 * {@code bilevel bench torch-speed}: milliseconds per inner value, inner gradient (∇_y G) and HVP + cross product
 * (∇²_yy G·v and ∇²_xy G·v at one point) for the MNIST-shaped logistic model of hyperclean (analytic and torch
 * backends), conv-4 on a 5-way 5-shot episode, and ResNet-18 at batch 128 (float32, median of the timed repetitions
 * after one warm-up call); the copy cost of one gradient call (x and y in, x- and y-sized results out, through the
 * oracles' own code: {@link TorchProblem#copies}); and, when Debian's python3-torch
 * imports under /usr/bin/python3, the same networks timed in Python at the same thread count. Writes speed.json and
 * speed.md. {@code --quick}: small shapes, ResNet-8 in place of ResNet-18.
 */
final class TorchSpeed implements BenchSuite {
    @Override public String name() { return "torch-speed"; }

    @Override public String description() {
        return "ms per value / gradient / HVP+cross through libtorch: MNIST logistic (analytic vs torch), conv-4 5-way 5-shot, ResNet-18 batch 128; copy cost; Python beside";
    }

    record Row(String model, String backend, int dimY, int batch, double value, double gradient, double hvpCross, double copy) {}

    /** The --set options this suite reads. */
    record Settings(int threads, int reps, boolean python) {}

    @Override public void validate(BenchContext ctx) { settings(new Options(ctx.sets()), ctx.quick()); }

    /** Reads every option (an unknown key or a bad value throws); loads nothing. */
    static Settings settings(Options o, boolean q) {
        int threads = o.getInt("threads", Runtime.getRuntime().availableProcessors(), 1, "libtorch intra-op threads (and the Python run's)");
        int reps = o.getInt("repetitions", q ? 2 : 5, 1, "timed calls of each oracle (after one warm-up call)");
        boolean python = o.getBool("python", true, "also time the networks in Python when /usr/bin/python3 imports torch");
        o.requireAllUsed("bench torch-speed");
        return new Settings(threads, reps, python);
    }

    @Override public void run(BenchContext ctx) throws Exception {
        Settings s = settings(ctx.options(), ctx.quick());
        boolean q = ctx.quick();
        int threads = s.threads(), reps = s.reps();
        boolean python = s.python();
        Torch.threads(threads);
        Files.createDirectories(ctx.out());
        long seed = ctx.seeds().get(0);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Row> rows = new ArrayList<>();

        // the MNIST-shaped logistic model of hyperclean (benchopt setting), both backends, float32
        int n = q ? 1000 : 20000, d = q ? 100 : 784, k = 10;
        LabeledData all = Synthetic.gaussianMixture(n + 200, d, k, 4, seed);
        LabeledData train = Synthetic.rows(all, 0, n);
        LabelNoise.Corrupted noise = LabelNoise.corrupt(train.labels(), 0.5, k, seed + 1, LabelNoise.Mode.DIFFERENT);
        train = LabeledData.classification(train.x(), noise.labels(), k);
        LabeledData val = Synthetic.rows(all, n, n + 100), test = Synthetic.rows(all, n + 100, n + 200);
        HyperCleaning analytic = new HyperCleaning(train, noise.mask(), val, test, HyperCleaning.Setting.benchopt).withPrecision(Precision.FLOAT);
        String shape = n + "x" + d;
        rows.add(time("logistic " + shape, "analytic", analytic, n, reps, seed, () -> Double.NaN, ctx));
        TorchProblem lt = LogisticTorch.hyperclean(train, noise.mask(), val, test, false, 0.2, TorchSetup.floats());
        rows.add(time("logistic " + shape, "torch", lt, n, reps, seed, () -> copyMs(lt, reps, seed), ctx));

        // conv-4 on one 5-way 5-shot episode (25 support images, 28x28 grey), per-sample weights on the support set
        int width = q ? 16 : 64;
        rows.add(network("conv-4 w" + width + " 5-way 5-shot", new Conv4(1, 28, width, 5), 25, 1, 28, 5, reps, seed, ctx));
        // ResNet-18 at batch 128 of 32x32 colour images (quick: ResNet-8 width 8, batch 16)
        Network res = q ? ResNet.small(3, 10, 8, 1) : ResNet.resnet18(3, 10);
        rows.add(network(q ? "ResNet-8 w8 batch 16" : "ResNet-18 batch 128", res, q ? 16 : 128, 3, 32, 10, q ? 1 : Math.min(reps, 2), seed, ctx));

        JsonNode py = python ? python(ctx, threads, q) : null;
        write(ctx, rows, py, threads, load);
    }

    private Row network(String label, Network net, int batch, int channels, int size, int classes, int reps, long seed, BenchContext ctx) {
        TorchSetup s = TorchSetup.floats();
        SplittableRandom r = new SplittableRandom(seed);
        double[] img = new double[batch * channels * size * size];
        for (int i = 0; i < img.length; i++) img[i] = r.nextGaussian();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % classes;
        SampleWeighting.Part part = new SampleWeighting.Part(s.tensor(img, batch, channels, size, size), TorchSetup.longs(labels), batch);
        TorchProblem p = SampleWeighting.problem(label, net, part, part, s, seed);
        return time(label, "torch", p, batch, reps, seed, () -> copyMs(p, Math.max(reps, 5), seed), ctx);
    }

    /**
     * Median milliseconds of the inner value, ∇_y G, and ∇²_yy G·v followed by ∇²_xy G·v at the same point; then the
     * copy cost, timed after these calls, so that it is that of a running solver: timed first, in a fresh JVM, each
     * of ResNet-18's 89 MB results landed in Java heap that was still growing and faulted in its pages (0.3-0.4 s).
     */
    private static Row time(String model, String backend, BilevelProblem p, int batch, int reps, long seed, java.util.function.DoubleSupplier copyMs, BenchContext ctx) {
        SplittableRandom r = new SplittableRandom(seed + 3);
        Vec x = p.initialX(), y = p.initialY().copy().axpy(0.01, random(r, p.dimY())), v = random(r, p.dimY());
        double[] value = new double[reps], grad = new double[reps], hvp = new double[reps];
        for (int i = -1; i < reps; i++) { // i = -1: warm-up
            long t0 = System.nanoTime();
            p.innerValue(x, y);
            long t1 = System.nanoTime();
            p.innerGradY(x, y);
            long t2 = System.nanoTime();
            p.innerHvpYY(x, y, v);
            p.innerCrossXY(x, y, v);
            long t3 = System.nanoTime();
            if (i >= 0) {
                value[i] = (t1 - t0) * 1e-6;
                grad[i] = (t2 - t1) * 1e-6;
                hvp[i] = (t3 - t2) * 1e-6;
            }
            Vec.array(v)[0] += 1e-3; // a new direction and a new point: nothing kept from the last call (no memo, no
            Vec.array(y)[0] += 1e-6; // retained graph), so each HVP + cross is a forward and a double backward, as in Python
        }
        double copy = copyMs.getAsDouble();
        Row row = new Row(model, backend, p.dimY(), batch, median(value), median(grad), median(hvp), copy);
        ctx.log().printf(Locale.ROOT, "torch-speed: %-30s %-8s dim y %9d: value %9.2f ms, gradient %9.2f ms, HVP+cross %9.2f ms, copy %s ms%n",
                model, backend, p.dimY(), row.value(), row.gradient(), row.hvpCross(), Double.isNaN(copy) ? "-" : String.format(Locale.ROOT, "%.3f", copy));
        return row;
    }

    /**
     * Median milliseconds of the copies of one gradient oracle ({@link TorchProblem#copies}: x and y into the problem's
     * leaves, x- and y-sized results out, the memo's copy of the point), at a new point each call as in {@link #time}.
     */
    private static double copyMs(TorchProblem p, int reps, long seed) {
        SplittableRandom r = new SplittableRandom(seed + 3);
        Vec x = p.initialX(), y = p.initialY().copy().axpy(0.01, random(r, p.dimY()));
        double[] t = new double[reps];
        for (int i = -1; i < reps; i++) {
            long t0 = System.nanoTime();
            p.copies(x, y);
            if (i >= 0) t[i] = (System.nanoTime() - t0) * 1e-6;
            Vec.array(y)[0] += 1e-6;
        }
        return median(t);
    }

    /** Runs the bundled Python script under /usr/bin/python3 when it imports torch; its JSON, or null. */
    static JsonNode python(BenchContext ctx, int threads, boolean quick) throws IOException, InterruptedException {
        Path py = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(py)) return note(ctx, "no /usr/bin/python3");
        // a cheap import probe first, so that a missing package is one clear line rather than the script's traceback
        Process probe = new ProcessBuilder(py.toString(), "-c", "import torch").redirectErrorStream(true).start();
        String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!probe.waitFor(2, TimeUnit.MINUTES)) {
            probe.destroyForcibly();
            return note(ctx, "/usr/bin/python3 did not import torch within 2 minutes");
        }
        if (probe.exitValue() != 0)
            return note(ctx, said.contains("No module named") ? "python3-torch not installed (/usr/bin/python3 cannot import torch)"
                    : "/usr/bin/python3 failed to import torch: " + said.strip().lines().reduce((a, b) -> b).orElse(""));
        Path script = ctx.out().resolve("torch_speed.py");
        try (InputStream in = TorchSpeed.class.getResourceAsStream("/bench/torch_speed.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(py.toString(), script.toString(), Integer.toString(threads), quick ? "quick" : "full")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) return note(ctx, "the Python run failed: " + out.strip().lines().reduce((a, b) -> b).orElse(""));
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        return new ObjectMapper().readTree(last);
    }

    private static JsonNode note(BenchContext ctx, String why) {
        ctx.log().println("torch-speed: no Python timing (" + why + ")");
        return new ObjectMapper().createObjectNode().put("skipped", why);
    }

    private static void write(BenchContext ctx, List<Row> rows, JsonNode py, int threads, double load) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("libtorch", "2.7.1 (Bytedeco pytorch 2.7.1-1.5.12)");
        root.put("threads", threads);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("loadAverageAtStart", load);
        root.put("quick", ctx.quick());
        ArrayNode a = root.putArray("rows");
        StringBuilder md = new StringBuilder("# torch-speed\n\nms per call (median), float32, " + threads + " intra-op threads, "
                + Runtime.getRuntime().availableProcessors() + " cores, load average " + String.format(Locale.ROOT, "%.1f", load)
                + " at start; libtorch 2.7.1 from Java. HVP+cross: ∇²_yy G·v and ∇²_xy G·v at one point (one double backward on torch); "
                + "copy: the copies of one gradient call (x and y in, x- and y-sized results out), through the oracles' own code.\n\n| model | backend | dim y | batch | value | gradient | HVP+cross | copy | copy / gradient |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            ObjectNode n = a.addObject();
            n.put("model", r.model());
            n.put("backend", r.backend());
            n.put("dimY", r.dimY());
            n.put("batch", r.batch());
            n.put("valueMs", r.value());
            n.put("gradientMs", r.gradient());
            n.put("hvpCrossMs", r.hvpCross());
            if (!Double.isNaN(r.copy())) n.put("copyMs", r.copy());
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.2f | %s | %s |%n", r.model(), r.backend(), r.dimY(), r.batch(),
                    r.value(), r.gradient(), r.hvpCross(), Double.isNaN(r.copy()) ? "-" : String.format(Locale.ROOT, "%.3f", r.copy()),
                    Double.isNaN(r.copy()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.copy() / r.gradient())));
        }
        if (py != null) {
            root.set("python", py);
            md.append("\n## Python (/usr/bin/python3)\n\n");
            if (py.has("skipped")) md.append("Not timed: ").append(py.get("skipped").asText()).append(".\n");
            else {
                md.append("PyTorch ").append(py.path("torch").asText()).append(" beside libtorch 2.7.1 (different versions: the ratios are information).\n\n")
                        .append("| model | Python gradient | Java gradient | ratio Java/Python | Python HVP+cross | Java HVP+cross | ratio |\n|---|---|---|---|---|---|---|\n");
                for (JsonNode m : py.path("rows")) {
                    Row j = rows.stream().filter(r -> r.model().equals(m.path("model").asText())).findFirst().orElse(null);
                    if (j == null) continue;
                    double pg = m.path("gradientMs").asDouble(), ph = m.path("hvpCrossMs").asDouble();
                    md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", j.model(), pg, j.gradient(), j.gradient() / pg,
                            ph, j.hvpCross(), j.hvpCross() / ph));
                }
            }
        }
        AtomicFile.writeString(ctx.out().resolve("speed.json"), mapper.writeValueAsString(root));
        AtomicFile.writeString(ctx.out().resolve("speed.md"), md.toString());
    }

    private static Vec random(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return Vec.of(a);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
