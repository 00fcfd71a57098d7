package io.dbworkers.component.dbsync.validate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dbworkers.sql.PortableType.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class RowComparisonTest {

    @Test
    void jsonComparesByValue() {
        assertThat(RowComparison.sameJson("{\"b\": [1, 2.50], \"a\": \"\\u00e9\"}", "{\"a\":\"\u00e9\",\"b\":[1,2.5]}"))
                .isTrue();
        assertThat(RowComparison.sameJson("{\"n\": 1e2}", "{\"n\": 100}")).isTrue();
        assertThat(RowComparison.sameJson("{\"n\": 1}", "{\"n\": 1.0001}")).isFalse();
        assertThat(RowComparison.sameJson("{\"n\": 1}", "{\"n\": \"1\"}")).isFalse();
        assertThat(RowComparison.sameJson("[1, 2]", "[2, 1]")).isFalse();
        assertThat(RowComparison.sameJson("{\"a\": null}", "{}")).isFalse();
    }

    @Test
    void namesMissingExtraAndDifferingColumns() {
        RowComparison comparison = new RowComparison(List.of("id", "score", "doc", "name"),
                List.of(Kind.BIGINT, Kind.DOUBLE, Kind.JSON, Kind.TEXT), new boolean[] {false, true, true, false});
        Map<String, String[]> source = new LinkedHashMap<>();
        Map<String, String[]> target = new LinkedHashMap<>();
        source.put("1", new String[] {"1", "1e+20", "{\"a\": 1, \"b\": 2}", "x"});
        target.put("1", new String[] {"1", "1e20", "{\"b\":2,\"a\":1}", "x"});
        source.put("2", new String[] {"2", "0.5", null, "y"});
        target.put("2", new String[] {"2", "0.25", "{}", "Y"});
        source.put("3", new String[] {"3", null, null, null});
        target.put("4", new String[] {"4", null, null, null});
        Findings found = new Findings(10);

        comparison.compare(source, target, found);

        ValidationReport report = found.report("t", 3, 3, java.time.Duration.ZERO);
        assertThat(report.missing()).containsExactly("id=3");
        assertThat(report.extra()).containsExactly("id=4");
        assertThat(report.differing()).containsExactly(
                new ValidationReport.Difference("id=2", List.of("score", "doc", "name")));
    }
}
