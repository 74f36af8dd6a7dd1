package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Executable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No method or constructor of the core module takes or returns a Vector API value (vector, mask or shuffle). C2 keeps a
 * vector in registers only inside one compiled method: a call it does not inline (for a helper over 35 bytecodes it
 * decides by the call site's profile when it compiles the caller, which varies between JVMs) boxes each vector that
 * crosses it into a heap object. A helper widening bytes in the feature pairs' loop made about one JVM in ten run every
 * pass about 4× slower for its whole life (README, "Vectors across a call"), so kernels write such code out in their loops.
 */
class VectorSignaturesTest {
    @Test void noCoreMethodPassesAVectorAcrossACall() throws Exception {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        Path root = CoreClassFiles.root();
        List<String> found = new ArrayList<>();
        for (Path f : CoreClassFiles.all()) {
            Class<?> c = Class.forName(CoreClassFiles.className(root, f), false, LogisticModel.class.getClassLoader());
            for (Executable e : c.getDeclaredMethods()) found.addAll(vectorTypes(e));
            for (Executable e : c.getDeclaredConstructors()) found.addAll(vectorTypes(e));
        }
        assertTrue(found.isEmpty(), "methods that pass Vector API values across a call: " + found);
    }

    @Test void theCheckSeesAVectorParameter() throws Exception {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        Executable e = Helper.class.getDeclaredMethod("twice", jdk.incubator.vector.FloatVector.class);
        assertEquals(1, vectorTypes(e).size(), "a FloatVector parameter and return count as one method");
    }

    private static List<String> vectorTypes(Executable e) {
        List<Class<?>> types = new ArrayList<>(List.of(e.getParameterTypes()));
        if (e instanceof java.lang.reflect.Method m) types.add(m.getReturnType());
        for (Class<?> t : types) {
            if (jdk.incubator.vector.Vector.class.isAssignableFrom(t) || jdk.incubator.vector.VectorMask.class.isAssignableFrom(t)
                    || jdk.incubator.vector.VectorShuffle.class.isAssignableFrom(t))
                return List.of(e.getDeclaringClass().getName() + "." + e.getName());
        }
        return List.of();
    }

    /** What the check must catch (test code: not walked). */
    static final class Helper {
        static jdk.incubator.vector.FloatVector twice(jdk.incubator.vector.FloatVector v) { return v.add(v); }
    }
}
