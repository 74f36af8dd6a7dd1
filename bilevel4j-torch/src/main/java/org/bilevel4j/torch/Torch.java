package org.bilevel4j.torch;

/**
 * Loads the libtorch natives on first use (never at class-path scan: analytic runs and the demo do not extract
 * them). Every entry point of this module calls {@link #load} before it touches an {@code org.bytedeco.pytorch}
 * class. A failure is one line, an {@link UnsupportedOperationException} (the CLI's exit 2).
 */
public final class Torch {
    private Torch() {}

    private static boolean loaded;
    private static String failure;

    /** Loads the natives once and sets libtorch's intra-op threads (default: the machine's cores). */
    public static synchronized void load() {
        if (loaded) return;
        if (failure != null) throw new UnsupportedOperationException(failure);
        boolean oneDnn = oneDnnMode().equals("on"); // auto: off until a network's shapes pass (OneDnn); a bad value is its own error, not a load failure
        try {
            extractNatives();
            org.bytedeco.javacpp.Loader.load(org.bytedeco.pytorch.global.torch.class);
            if (!"false".equals(System.getProperty("bilevel4j.torch.keepFreedMemory"))) keepFreedMemory(); // false: glibc's defaults (to measure the difference)
            org.bytedeco.pytorch.global.torch.set_num_threads(defaultThreads());
            // OpenBLAS (pthreads) under libtorch's own kernels: one thread. libtorch parallelizes the loops around its BLAS
            // calls (im2col + gemm per sample) on its OpenMP threads; OpenBLAS's default pool (one spinning thread per core)
            // beside them oversubscribed the CPU: ResNet-8 gradients 35x slower under load (README, Speed)
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
            org.bytedeco.pytorch.global.torch.globalContext().setUserEnabledNNPACK(false); // else one warning per convolution on CPUs it does not know
            org.bytedeco.pytorch.global.torch.globalContext().setUserEnabledMkldnn(oneDnn);
            loaded = true;
        } catch (Throwable t) {
            String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().split("\\R")[0];
            failure = "the torch backend could not load the libtorch natives on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + why + "); they need Linux x86-64 with glibc 2.28 or newer; use backend=analytic";
            throw new UnsupportedOperationException(failure);
        }
    }

    /**
     * Keeps the memory of freed tensors in the process, so that the next call's tensors do not fault in fresh pages.
     * libtorch allocates with glibc's malloc; glibc serves a block above its mmap threshold (128 KB at start) by a fresh
     * mapping and hands heap memory above its trim threshold back to the system, so every oracle call faulted in every
     * page of its activations again (conv-4 w64 on 25 images: about 3,700 faults, 15 MB, per gradient; each fault a
     * trap into the kernel and a zeroed page, and on this VM the larger part of a call's CPU time at 1 thread). Freeing
     * one mapped block just under glibc's 32 MB cap raises both thresholds to their dynamic maxima (32 MB; trim 64 MB),
     * as glibc does itself after the first free of such a block. Tensors of 2 MB or more are also asked to be
     * huge-page aligned (libtorch's {@code THP_MEM_ALLOC_ENABLE}, unless set): blocks above 32 MB (ResNet-18's first
     * stage at batch 128) are still mapped per call, and then fault per 2 MB instead of per 4 KB.
     */
    static void keepFreedMemory() {
        org.bytedeco.javacpp.Pointer block = org.bytedeco.javacpp.Pointer.malloc((32L << 20) - (64L << 10));
        if (block != null && !block.isNull()) org.bytedeco.javacpp.Pointer.free(block);
        if (!org.bytedeco.pytorch.global.torch.has_env("THP_MEM_ALLOC_ENABLE")) org.bytedeco.pytorch.global.torch.set_env("THP_MEM_ALLOC_ENABLE", "1");
    }

    /**
     * Extracts every bundled libtorch library into JavaCPP's cache before the first is loaded. JavaCPP extracts and
     * loads them one at a time, libtorch.so before libtorch_cpu.so; on the first run (empty cache) the dynamic linker
     * then resolved libtorch.so's dependency libtorch_cpu.so from the system (Debian's libtorch-dev, installed with
     * python3-torch, has libtorch_cpu.so and libc10.so, version 1.13), loaded it beside the bundled 2.7.1 and the JVM
     * crashed. With the whole folder in place, $ORIGIN (the libraries' RUNPATH) finds the bundled ones first.
     * Does not initialize the {@code torch} class (a class literal), so nothing is loaded here.
     */
    static void extractNatives() throws java.io.IOException {
        org.bytedeco.javacpp.Loader.cacheResources(org.bytedeco.pytorch.global.torch.class,
                "/org/bytedeco/pytorch/" + org.bytedeco.javacpp.Loader.getPlatform() + "/");
    }

    /**
     * The system property {@code bilevel4j.torch.onednn}: {@code auto} (default; {@link OneDnn} turns libtorch's oneDNN
     * convolutions on for a network whose every shape passes {@link OneDnnCheck}), {@code on} or {@code off}. This
     * build's oneDNN gets some shapes wrong on the development machine's AVX-512 CPU (sums over channel blocks padded
     * to 16: README, "Determinism, and oneDNN"); libtorch's own convolutions (im2col + BLAS) are correct and
     * deterministic, and 5-9x slower on conv-4 of width 64 and ResNet-18.
     */
    static String oneDnnMode() {
        String mode = System.getProperty("bilevel4j.torch.onednn", "auto");
        return switch (mode) {
            case "auto" -> "auto";
            case "on", "true" -> "on";
            case "off", "false" -> "off";
            default -> throw new IllegalArgumentException("bilevel4j.torch.onednn=" + mode + ": use auto, on or off");
        };
    }

    /** Whether this process runs oneDNN's convolutions now ({@link #oneDnnMode}, {@link OneDnn}). */
    public static boolean oneDnnEnabled() {
        load();
        return org.bytedeco.pytorch.global.torch.globalContext().userEnabledMkldnn();
    }

    /**
     * The system property {@code bilevel4j.torch.threads}, else the machine's cores. (The tests use 1: OpenMP threads
     * that spin-wait on an oversubscribed machine make each call up to 100× slower.)
     */
    public static int defaultThreads() {
        return Integer.getInteger("bilevel4j.torch.threads", Runtime.getRuntime().availableProcessors());
    }

    /** Sets libtorch's intra-op threads (one oracle runs at a time; its kernels use these threads). */
    public static void threads(int n) {
        load();
        if (n < 1) throw new IllegalArgumentException("torch threads=" + n + " must be >= 1");
        org.bytedeco.pytorch.global.torch.set_num_threads(n);
    }
}
