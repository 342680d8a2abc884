package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * A plan's assessment rules in force, one version of them: the share of time progress below which an
 * indicator is 严重滞后 (default 0.8: 滞后 from 0.8 × time progress), the grade bands (default 好 ≥ 90,
 * 较好 ≥ 75, 一般 ≥ 60, 差 below) and weights per category or indicator (default all 1; an indicator's
 * own weight wins over its category's), and the points a unit loses per supervision answer that turned
 * red (default 0: off). Version 0 is the defaults, never stored.
 */
public record AssessmentRules(int version, BigDecimal laggingRatio, List<GradeBand> bands,
                              Map<String, BigDecimal> categoryWeights, Map<Long, BigDecimal> indicatorWeights,
                              BigDecimal supervisionDeduction) {

    public static final AssessmentRules DEFAULTS = new AssessmentRules(0, new BigDecimal("0.8"), List.of(
            new GradeBand("好", new BigDecimal("90")), new GradeBand("较好", new BigDecimal("75")),
            new GradeBand("一般", new BigDecimal("60")), new GradeBand("差", BigDecimal.ZERO)), Map.of(), Map.of());

    /** Without a supervision deduction (0: late answers cost no points). */
    public AssessmentRules(int version, BigDecimal laggingRatio, List<GradeBand> bands, Map<String, BigDecimal> categoryWeights,
                           Map<Long, BigDecimal> indicatorWeights) {
        this(version, laggingRatio, bands, categoryWeights, indicatorWeights, BigDecimal.ZERO);
    }

    public AssessmentRules {
        if (laggingRatio.signum() < 0 || laggingRatio.compareTo(BigDecimal.ONE) > 0) {
            throw new BusinessRuleViolation("assessment.ratio", "滞后阈值须在 0 到 1 之间（如 0.8）");
        }
        if (bands.isEmpty()) throw new BusinessRuleViolation("assessment.bands", "至少需要一个等次");
        List<GradeBand> sorted = new ArrayList<>(bands);
        sorted.sort(Comparator.comparing(GradeBand::minScore).reversed());
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).minScore().compareTo(sorted.get(i - 1).minScore()) == 0) {
                throw new BusinessRuleViolation("assessment.bands", "等次「" + sorted.get(i).name() + "」与「"
                        + sorted.get(i - 1).name() + "」的最低分相同");
            }
        }
        bands = List.copyOf(sorted);
        categoryWeights = Map.copyOf(categoryWeights);
        indicatorWeights = Map.copyOf(indicatorWeights);
        if (supervisionDeduction.signum() < 0 || supervisionDeduction.compareTo(new BigDecimal("100")) > 0) {
            throw new BusinessRuleViolation("assessment.deduction", "督办扣分须在 0 到 100 之间");
        }
        categoryWeights.values().forEach(AssessmentRules::checkWeight);
        indicatorWeights.values().forEach(AssessmentRules::checkWeight);
    }

    private static void checkWeight(BigDecimal weight) {
        if (weight.signum() <= 0) throw new BusinessRuleViolation("assessment.weight", "权重须大于 0");
    }

    /** The weight of an indicator: its own, else its category's, else 1. */
    public BigDecimal weightOf(long indicatorId, String category) {
        BigDecimal own = indicatorWeights.get(indicatorId);
        if (own != null) return own;
        return categoryWeights.getOrDefault(category, BigDecimal.ONE);
    }

    /** The grade of a score: the first band (highest first) whose minimum it reaches; null for no score. */
    public @Nullable String gradeOf(@Nullable BigDecimal score) {
        if (score == null) return null;
        for (GradeBand band : bands) {
            if (score.compareTo(band.minScore()) >= 0) return band.name();
        }
        return bands.get(bands.size() - 1).name();
    }

    /** The bands as the settings form writes them: one "名称=最低分" per line, highest first. */
    public String bandsText() {
        StringBuilder text = new StringBuilder();
        for (GradeBand band : bands) text.append(band.name()).append('=').append(band.minScore().toPlainString()).append('\n');
        return text.toString().strip();
    }

    /** The bands on one line: "好=90、较好=75、一般=60、差=0". */
    public String bandsLine() {
        return bandsText().replace('\n', '、');
    }

    /** Parses "名称=最低分" lines; a line that does not parse is refused with its line number. */
    public static List<GradeBand> parseBands(String text) {
        List<GradeBand> bands = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf('＝');
            if (eq <= 0) throw new BusinessRuleViolation("assessment.bands", "等次第 " + (i + 1) + " 行应为「名称=最低分」，如「好=90」");
            String name = line.substring(0, eq).strip();
            BigDecimal min = number(line.substring(eq + 1).strip(), "等次第 " + (i + 1) + " 行的最低分");
            if (name.length() > 20) throw new BusinessRuleViolation("assessment.bands", "等次第 " + (i + 1) + " 行的名称超过 20 个字");
            if (min.signum() < 0 || min.compareTo(new BigDecimal("100")) > 0) {
                throw new BusinessRuleViolation("assessment.bands", "等次第 " + (i + 1) + " 行的最低分须在 0 到 100 之间");
            }
            bands.add(new GradeBand(name, min));
        }
        return bands;
    }

    /** Parses "名称=权重" lines (names as given, e.g. categories). */
    public static Map<String, BigDecimal> parseWeights(String text, String what) {
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            int eq = line.lastIndexOf('=') >= 0 ? line.lastIndexOf('=') : line.lastIndexOf('＝');
            if (eq <= 0) throw new BusinessRuleViolation("assessment.weight", what + "第 " + (i + 1) + " 行应为「名称=权重」");
            weights.put(line.substring(0, eq).strip(), number(line.substring(eq + 1).strip(), what + "第 " + (i + 1) + " 行的权重"));
        }
        return weights;
    }

    static BigDecimal number(String text, String where) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new BusinessRuleViolation("assessment.number", where + "「" + text + "」不是数字");
        }
    }

    /** Weights written back as "名称=权重" lines. */
    public static String weightsText(Map<String, BigDecimal> weights) {
        StringBuilder text = new StringBuilder();
        weights.forEach((name, weight) -> text.append(name).append('=').append(weight.toPlainString()).append('\n'));
        return text.toString().strip();
    }
}
