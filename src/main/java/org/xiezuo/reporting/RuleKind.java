package org.xiezuo.reporting;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The checks a report's values go through. Which of them apply to a plan, how severe they are and their
 * parameters are data ({@link Rule}, one row per plan and kind); the defaults are the issue's.
 */
public enum RuleKind {
    /** A value below zero. */
    NEGATIVE(Severity.ERROR, null, "数值不能为负数"),
    /** More decimals than the measure unit allows (人/个/次/人次 integers, 万元 two, 亿元 four). */
    DECIMALS(Severity.ERROR, null, "小数位数不能超过计量单位允许的位数"),
    /** A 其中 child above its parent for the same unit and period. */
    CHILD_EXCEEDS_PARENT(Severity.ERROR, null, "“其中”项不能大于其上级指标"),
    /** A cumulative value lower than the unit's previous approved period, unless a reason is given. */
    BELOW_PREVIOUS(Severity.ERROR, null, "累计值不能低于上一期已审核的值（如确需调减，请说明原因）"),
    /** A value above {@code parameter} × the target (2 by default). */
    ABOVE_TARGET_MULTIPLE(Severity.WARNING, new BigDecimal("2"), "填报值超过目标的倍数"),
    /** A rise within one period of more than {@code parameter} × the target (0.5 by default). */
    JUMP_SHARE_OF_TARGET(Severity.WARNING, new BigDecimal("0.5"), "单期增幅超过目标的比例"),
    /** A task marked 已完成 without evidence. */
    DONE_WITHOUT_EVIDENCE(Severity.WARNING, null, "任务标为已完成但没有佐证材料");

    private final Severity defaultSeverity;
    private final @Nullable BigDecimal defaultParameter;
    private final String description;

    RuleKind(Severity defaultSeverity, @Nullable BigDecimal defaultParameter, String description) {
        this.defaultSeverity = defaultSeverity;
        this.defaultParameter = defaultParameter;
        this.description = description;
    }

    public Severity defaultSeverity() { return defaultSeverity; }

    public @Nullable BigDecimal defaultParameter() { return defaultParameter; }

    public String description() { return description; }

    /** Whether the kind takes a number (a multiple or a share of the target). */
    public boolean hasParameter() { return defaultParameter != null; }
}
