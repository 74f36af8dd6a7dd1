package org.bilevel4j.vec;

import java.util.Locale;

/**
 * Size checks made before a problem allocates: an array longer than Java allows, or data that need more Java heap
 * than the JVM may use ({@code -Xmx}), is refused with one line naming the option, the memory needed and the memory
 * the JVM has. They cover the Java heap only; native memory (none is used by the bundled models) is not counted.
 */
public final class Heap {
    private Heap() {}

    /** The longest Java array (a few entries under 2^31, as the JDK's own collections assume). */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** rows × cols entries of one array, as an int; IllegalArgumentException naming {@code what} when Java cannot hold them. */
    public static int entries(String what, long rows, long cols) {
        double n = (double) rows * cols; // a double: rows × cols may overflow a long
        if (rows < 0 || cols < 0 || n > MAX_ARRAY)
            throw new IllegalArgumentException(what + " would need " + String.format(Locale.ROOT, "%.3g", n) + " entries in one array; Java arrays hold at most "
                    + MAX_ARRAY + "; choose smaller sizes");
        return (int) (rows * cols);
    }

    /** Fails when {@code bytes} (an estimate; a double so that it cannot overflow) exceed the JVM's maximum heap. */
    public static void require(String what, double bytes) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max)
            throw new IllegalArgumentException(what + " needs about " + size(bytes) + " of Java heap, but this JVM may use at most " + size(max)
                    + "; choose smaller sizes or give the JVM more (BILEVEL_JAVA_OPTS=-Xmx..., or java -Xmx...)");
    }

    /** Bytes in words: 1.5 GiB, 300 MiB, 12 KiB. */
    public static String size(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    }
}
