package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.ConvShape;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.torch.nets.ResNet;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code onednn=auto} ({@link OneDnn}, {@link OneDnnCheck}): the verdict logic with injected errors (a skipped or
 * ignored self-check fails here), and on the real kernels: conv-4 of width 4 (a shape this libtorch's oneDNN gets
 * wrong on AVX-512) ends with oneDNN off and a float32 gradient equal to float64's to float32 accuracy; conv-4 of
 * width 16 (every shape right) turns it on, and its float32 gradient with oneDNN equals the float64 one without.
 */
class OneDnnTest {
    private static final ConvShape GOOD = ConvShape.same3x3(16, 16, 1), BAD = ConvShape.same3x3(4, 4, 1);

    @AfterEach
    void backToDefault() { OneDnn.apply(null); } // the other tests' problems run with the mode's default

    @Test
    void verdictNamesTheFirstShapeOffByMoreThanFloatRounding() {
        assertNull(OneDnnCheck.verdict(List.of(GOOD, BAD), s -> 1e-6));
        assertEquals("conv 4→4 3×3 failed (off by 9.9e-01)", OneDnnCheck.verdict(List.of(GOOD, BAD), s -> s.equals(BAD) ? 0.99 : 1e-6));
        assertTrue(OneDnnCheck.verdict(List.of(BAD), s -> Double.NaN).contains("failed"), "NaN fails");
        assertEquals("conv 64→128 1×1 stride 2 padding 0", new ConvShape(64, 128, 1, 2, 0, 1).toString());
    }

    @Test
    void autoTurnsOneDnnOnOnlyWhenEveryShapeIsChecked() {
        assumeTrue(Torch.oneDnnMode().equals("auto"), "run without -Dbilevel4j.torch.onednn");
        assertFalse(OneDnn.decide(List.of(GOOD, BAD), s -> s.equals(BAD) ? 0.99 : 1e-6));
        assertFalse(Torch.oneDnnEnabled());
        assertEquals("oneDNN: off: conv 4→4 3×3 failed (off by 9.9e-01)", OneDnn.decision());
        assertTrue(OneDnn.decide(List.of(GOOD, BAD), s -> 1e-6));
        assertTrue(Torch.oneDnnEnabled());
        assertEquals("oneDNN: on (2 convolution shapes checked)", OneDnn.decision());
    }

    @Test
    void networksListTheirDistinctConvolutions() {
        assertEquals(List.of(ConvShape.same3x3(1, 4, 1), BAD), new Conv4(1, 16, 4, 3).convolutions());
        // ResNet-18: stem, 64→64, then per stage the stride-2 3×3, its 1×1 shortcut and the stage's 3×3
        assertEquals(11, ResNet.resnet18(3, 10).convolutions().size());
    }

    @Test
    void conv4Width4EndsWithOneDnnOffWhereItsShapesAreWrong() {
        assumeTrue(Torch.oneDnnMode().equals("auto"), "run without -Dbilevel4j.torch.onednn");
        Network net = new Conv4(1, 16, 4, 3);
        double[] g32 = innerGradY(net, TorchSetup.floats(), true);
        boolean wrong = false;
        for (ConvShape s : net.convolutions()) wrong |= !(OneDnnCheck.error(s) < OneDnnCheck.TOLERANCE);
        System.err.println("conv-4 w4: " + OneDnn.decision() + "; 4→4 error " + OneDnnCheck.error(BAD));
        assertEquals(!wrong, Torch.oneDnnEnabled(), OneDnn.decision());
        assertClose(innerGradY(new Conv4(1, 16, 4, 3), TorchSetup.doubles(), false), g32);
    }

    @Test
    void conv4Width16TurnsOneDnnOnAndItsGradientIsRight() {
        assumeTrue(Torch.oneDnnMode().equals("auto"), "run without -Dbilevel4j.torch.onednn");
        double[] g32 = innerGradY(new Conv4(1, 16, 16, 3), TorchSetup.floats(), true);
        System.err.println("conv-4 w16: " + OneDnn.decision());
        assertTrue(Torch.oneDnnEnabled(), OneDnn.decision());
        OneDnn.apply(false);
        assertClose(innerGradY(new Conv4(1, 16, 16, 3), TorchSetup.doubles(), false), g32);
    }

    /** ∇_y G of a conv-4 problem on 8 images of 16×16; {@code decide}: the problem decides oneDNN (auto). */
    private static double[] innerGradY(Network net, TorchSetup s, boolean decide) {
        TorchProblem p = Fixtures.problem("onednn", net, s, Fixtures.data(s, 8, 3, 1, 1, 16, 16), Fixtures.data(s, 6, 3, 2, 1, 16, 16), 4, decide);
        Vec g = p.innerGradY(p.initialX(), p.initialY());
        if (decide) assertEquals(Torch.oneDnnEnabled() ? 1.0 : 0.0, p.metrics(p.initialX(), p.initialY()).get("oneDnn"), "the run records its verdict");
        return g.toArray();
    }

    private static void assertClose(double[] ref, double[] got) {
        double e = OneDnnCheck.relativeError(got, ref);
        assertTrue(e < 1e-4, String.format("float32 gradient off by %.2e (relative, max norm) against float64 without oneDNN", e));
    }
}
