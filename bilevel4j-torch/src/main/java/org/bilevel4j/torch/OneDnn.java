package org.bilevel4j.torch;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.bilevel4j.torch.nets.ConvShape;
import org.bilevel4j.torch.nets.Network;

/**
 * Whether libtorch's oneDNN convolutions run for a network problem, decided when it is built. {@code
 * -Dbilevel4j.torch.onednn=on|off} forces it; {@code auto} (the default) says on only if every convolution shape of
 * the network passes {@link OneDnnCheck} at the current thread count. libtorch's switch is global, so a problem sets
 * it to its own verdict at each oracle call ({@link #apply}; problems built without a verdict get the mode's
 * default, off in auto): two problems of one JVM that disagree each run with their own, correct, setting. One log
 * line says each decision.
 */
public final class OneDnn {
    private OneDnn() {}

    private static String decision = "oneDNN: off (no network checked yet)";

    /** The verdict for {@code net} (see the class comment); sets the switch to it and logs the decision line. */
    public static boolean decide(Network net) { return decide(net.convolutions(), OneDnnCheck::error); }

    /** The same with a given error of each shape (tests inject wrong results here). */
    static synchronized boolean decide(List<ConvShape> shapes, ToDoubleFunction<ConvShape> error) {
        Torch.load();
        String mode = Torch.oneDnnMode();
        boolean on;
        if (!mode.equals("auto")) {
            on = mode.equals("on");
            decision = "oneDNN: " + mode + " (-Dbilevel4j.torch.onednn=" + mode + ")";
        } else if (shapes.isEmpty()) {
            on = false;
            decision = "oneDNN: off (no convolutions)";
        } else {
            String bad = OneDnnCheck.verdict(shapes, error);
            on = bad == null;
            decision = on ? "oneDNN: on (" + shapes.size() + " convolution shapes checked)" : "oneDNN: off: " + bad;
        }
        apply(on);
        System.err.println(decision);
        return on;
    }

    /** The last decision line. */
    public static synchronized String decision() { return decision; }

    /** Sets libtorch's switch to {@code verdict}, or to the mode's default when null (on only with onednn=on). */
    public static void apply(Boolean verdict) {
        boolean on = verdict != null ? verdict : Torch.oneDnnMode().equals("on");
        var ctx = org.bytedeco.pytorch.global.torch.globalContext();
        if (ctx.userEnabledMkldnn() != on) ctx.setUserEnabledMkldnn(on);
    }
}
