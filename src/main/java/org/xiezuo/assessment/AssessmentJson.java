package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The assessment as the command line prints it and the API returns it:
 * {@code {"asOf","timeProgress","score","grade","indicators":[…],"units":[…]}} — plain numbers (no
 * exponent, trailing zeros dropped), completion and time progress as fractions, status and grade in
 * Chinese, source one of ledger / report / none.
 */
public final class AssessmentJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private AssessmentJson() {}

    public static String write(Assessment assessment) {
        return JSON.writeValueAsString(map(assessment));
    }

    public static Map<String, Object> map(Assessment a) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("asOf", a.asOf().toString());
        if (a.knownOn() != null) root.put("knownOn", a.knownOn().toString());
        root.put("timeProgress", plain(a.timeProgress()));
        root.put("score", plain(a.score()));
        root.put("grade", a.grade());
        root.put("rulesVersion", a.rules().version());
        List<Map<String, Object>> indicators = new ArrayList<>();
        for (IndicatorResult i : a.indicators()) indicators.add(indicator(i));
        root.put("indicators", indicators);
        List<Map<String, Object>> categories = new ArrayList<>();
        for (CategoryResult c : a.categories()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("score", plain(c.score()));
            row.put("grade", c.grade());
            categories.add(row);
        }
        root.put("categories", categories);
        List<Map<String, Object>> units = new ArrayList<>();
        for (UnitResult u : a.units()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", u.unit().id());
            row.put("name", u.unit().name());
            row.put("score", plain(u.score()));
            row.put("grade", u.grade());
            row.put("rank", u.ranked() ? u.rank() : null);
            row.put("indicators", u.indicatorIds());
            row.put("deductions", u.deductions());
            row.put("deducted", plain(u.deducted()));
            units.add(row);
        }
        root.put("units", units);
        return root;
    }

    /** One indicator's row of the assessment. */
    public static Map<String, Object> indicator(IndicatorResult i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", i.id());
        row.put("code", i.indicator().code());
        row.put("name", i.indicator().name());
        row.put("category", i.category());
        row.put("measureUnit", i.indicator().measureUnit());
        row.put("target", plain(i.target()));
        row.put("actual", plain(i.actual()));
        row.put("completion", plain(i.completion()));
        row.put("status", i.status().label());
        row.put("assessed", i.assessed());
        row.put("source", i.source().code());
        row.put("forecast", plain(i.forecast()));
        row.put("forecastShort", i.forecastShort());
        row.put("score", plain(i.score()));
        row.put("weight", plain(i.weight()));
        return row;
    }

    /** Trailing zeros dropped, never negative scale (so never an exponent). */
    public static @Nullable BigDecimal plain(@Nullable BigDecimal value) {
        if (value == null) return null;
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
