package org.xiezuo.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.MeasureUnit;

/**
 * The checks of a report's values, as the plan's {@link Rule}s configure them. Pure: it gets what it
 * needs to know and returns findings whose messages name the indicator, the rule and the values.
 */
public final class Validation {

    /** Larger values are refused before any rule: the column holds 20 digits before the point. */
    static final BigDecimal LARGEST = new BigDecimal("1000000000000000000");

    private Validation() {}

    /** Which kind of line a finding belongs to. */
    public enum LineKind { INDICATOR, TASK }

    /**
     * One problem with a line. An error blocks submission; a warning blocks it until a reason is given.
     * {@link RuleKind#BELOW_PREVIOUS} is an error that a reason answers too (a correction downwards).
     */
    public record Finding(LineKind kind, long ref, RuleKind rule, Severity severity, String message, boolean answered) {
        public boolean blocks() {
            if (severity == Severity.WARNING || rule == RuleKind.BELOW_PREVIOUS) return !answered;
            return true;
        }
    }

    /**
     * What the checks know of one indicator line: its title as printed ("13.组织…"), the measure unit,
     * the target that applies to this unit (its sub-target, else the indicator's), the 其中 parent, and the
     * unit's cumulative value in its latest earlier approved period.
     */
    public record IndicatorFacts(long indicatorId, String title, @Nullable MeasureUnit unit, @Nullable BigDecimal target,
                                 @Nullable Long parentId, @Nullable BigDecimal previousApproved) {}

    /** What a line holds now. */
    public record IndicatorInput(@Nullable BigDecimal value, @Nullable String reason) {}

    /** What the checks know of one task line. */
    public record TaskFacts(long taskId, String title, TaskProgress progress, @Nullable String reason, int evidence) {}

    /**
     * Reads a typed value: exact, full-width digits and thousands separators accepted; anything else is
     * refused with the indicator's name and what was typed. Blank is no value.
     */
    public static Optional<BigDecimal> parse(String title, @Nullable String raw) {
        if (raw == null || raw.isBlank()) return Optional.empty();
        BigDecimal value = ExactDecimal.parse(raw).orElseThrow(() -> new BusinessRuleViolation("line.number",
                "「" + title + "」应填写数字，填写的是「" + shorten(raw.strip()) + "」"));
        if (value.abs().compareTo(LARGEST) >= 0) {
            throw new BusinessRuleViolation("line.number", "「" + title + "」的数值过大：" + shorten(raw.strip()));
        }
        return Optional.of(value);
    }

    /** Every finding for the lines of one report, indicators first in the given order, then tasks. */
    public static List<Finding> check(List<Rule> rules, List<IndicatorFacts> indicators, Map<Long, IndicatorInput> inputs,
                                      List<TaskFacts> tasks) {
        List<Finding> findings = new ArrayList<>();
        Map<RuleKind, Rule> active = new java.util.EnumMap<>(RuleKind.class);
        rules.stream().filter(Rule::enabled).forEach(r -> active.put(r.kind(), r));
        for (IndicatorFacts facts : indicators) {
            IndicatorInput input = inputs.get(facts.indicatorId());
            if (input == null || input.value() == null) continue;
            checkIndicator(active, facts, input, inputs, indicators, findings);
        }
        Rule evidence = active.get(RuleKind.DONE_WITHOUT_EVIDENCE);
        if (evidence != null) {
            for (TaskFacts task : tasks) {
                if (task.progress() == TaskProgress.DONE && task.evidence() == 0) {
                    findings.add(new Finding(LineKind.TASK, task.taskId(), evidence.kind(), evidence.severity(),
                            "任务「" + task.title() + "」标为已完成但没有佐证材料，请上传佐证材料或说明原因", present(task.reason())));
                }
            }
        }
        return findings;
    }

    private static void checkIndicator(Map<RuleKind, Rule> active, IndicatorFacts facts, IndicatorInput input,
                                       Map<Long, IndicatorInput> inputs, List<IndicatorFacts> all, List<Finding> findings) {
        BigDecimal value = input.value();
        if (value == null) return;
        String name = "「" + facts.title() + "」";
        boolean answered = present(input.reason());
        String shown = ExactDecimal.format(value);
        Rule negative = active.get(RuleKind.NEGATIVE);
        if (negative != null && value.signum() < 0) {
            findings.add(finding(facts, negative, name + "填报值 " + shown + " 为负数，数值不能为负数", answered));
        }
        Rule decimals = active.get(RuleKind.DECIMALS);
        if (decimals != null && facts.unit() != null) {
            int allowed = facts.unit().decimals();
            if (ExactDecimal.normalise(value).scale() > allowed) {
                String rule = allowed == 0 ? "计量单位为“" + facts.unit().symbol() + "”，只能填整数"
                        : "计量单位为“" + facts.unit().symbol() + "”，最多保留" + allowed + "位小数";
                findings.add(finding(facts, decimals, name + rule + "，填报值为 " + shown, answered));
            }
        }
        Rule child = active.get(RuleKind.CHILD_EXCEEDS_PARENT);
        if (child != null && facts.parentId() != null) {
            IndicatorInput parentInput = inputs.get(facts.parentId());
            if (parentInput != null && parentInput.value() != null && value.compareTo(parentInput.value()) > 0) {
                String parentTitle = all.stream().filter(f -> f.indicatorId() == facts.parentId()).map(IndicatorFacts::title)
                        .findFirst().orElse("上级指标");
                findings.add(finding(facts, child, name + "填报值 " + shown + " 大于上级指标「" + parentTitle + "」的填报值 "
                        + ExactDecimal.format(parentInput.value()) + "，“其中”项不能大于其上级指标", answered));
            }
        }
        BigDecimal previous = facts.previousApproved();
        Rule below = active.get(RuleKind.BELOW_PREVIOUS);
        if (below != null && previous != null && value.compareTo(previous) < 0) {
            findings.add(finding(facts, below, name + "累计值 " + shown + " 低于上一期已审核的 " + ExactDecimal.format(previous)
                    + "；累计值一般不会减少，如确需调减，请填写原因", answered));
        }
        BigDecimal target = facts.target();
        if (target == null || target.signum() <= 0) return;
        Rule above = active.get(RuleKind.ABOVE_TARGET_MULTIPLE);
        if (above != null && above.parameter() != null && value.compareTo(target.multiply(above.parameter())) > 0) {
            findings.add(finding(facts, above, name + "填报值 " + shown + " 超过目标 " + ExactDecimal.format(target) + " 的"
                    + ExactDecimal.format(above.parameter()) + "倍，请核实或说明原因", answered));
        }
        Rule jump = active.get(RuleKind.JUMP_SHARE_OF_TARGET);
        if (jump != null && jump.parameter() != null) {
            BigDecimal base = previous == null ? BigDecimal.ZERO : previous;
            BigDecimal rise = value.subtract(base);
            if (rise.compareTo(target.multiply(jump.parameter())) > 0) {
                String share = jump.parameter().multiply(new BigDecimal("100")).setScale(0, RoundingMode.HALF_UP).toPlainString();
                findings.add(finding(facts, jump, name + "本期增加 " + ExactDecimal.format(rise) + "（由 " + ExactDecimal.format(base)
                        + " 到 " + shown + "），超过目标 " + ExactDecimal.format(target) + " 的" + share + "%，请核实或说明原因", answered));
            }
        }
    }

    private static Finding finding(IndicatorFacts facts, Rule rule, String message, boolean answered) {
        return new Finding(LineKind.INDICATOR, facts.indicatorId(), rule.kind(), rule.severity(), message, answered);
    }

    private static boolean present(@Nullable String text) {
        return text != null && !text.isBlank();
    }

    private static String shorten(String text) {
        return text.length() > 30 ? text.substring(0, 30) + "…" : text;
    }
}
