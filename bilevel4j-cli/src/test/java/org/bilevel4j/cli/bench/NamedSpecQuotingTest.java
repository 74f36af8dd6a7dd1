package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values holding ':' or ',' (file paths) are quoted in bench specs. */
class NamedSpecQuotingTest {
    @Test void quotedValuesKeepColonsAndCommas() {
        NamedSpec s = NamedSpec.parse("weightdecay:dataset=libsvm:file='C:/data/a,b.txt':valFile=\"/x:y\"");
        assertEquals("weightdecay", s.name());
        assertEquals(Map.of("dataset", "libsvm", "file", "C:/data/a,b.txt", "valFile", "/x:y"), s.options());
        assertEquals(List.of("quadratic", "weightdecay:file='a,b'", "aid-cg"), NamedSpec.splitList(List.of("quadratic,weightdecay:file='a,b'", "aid-cg")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamedSpec.parse("weightdecay:file='a"));
        assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
        assertEquals(Map.of("condition", "1000"), NamedSpec.parse("quadratic:condition=1000").options(), "unquoted specs as before");
    }
}
