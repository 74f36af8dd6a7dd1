package org.bilevel4j.torch;

/**
 * Where tensors live: the single place a device is chosen. Only the CPU for now: no machine here runs CUDA from
 * Java, so there is no untested CUDA path; adding one means a case here and in {@link TorchSetup#options}.
 */
public enum Device {
    cpu;

    public static Device parse(String s) {
        if (s.equals("cpu")) return cpu;
        if (s.startsWith("cuda"))
            throw new IllegalArgumentException("device=" + s + " is not supported: the torch backend runs on the CPU only for now; use device=cpu");
        throw new IllegalArgumentException("device=" + s + " is not known; use device=cpu");
    }
}
