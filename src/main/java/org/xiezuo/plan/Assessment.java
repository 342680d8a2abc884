package org.xiezuo.plan;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.ExactDecimal;

/** Whether an indicator is scored, and if not, why. */
public enum Assessment {
    /** A numeric target; completion and score are computed. */
    ASSESSED("考核", true),
    /** 只作统计，不作考核: reported and shown, never scored, no target. */
    STATISTICS_ONLY("只作统计，不作考核", false),
    /** No numeric target this year (续建 “-”, blank or text): shown, not scored. */
    NO_TARGET("无数值目标", false);

    private final String label;
    private final boolean assessed;

    Assessment(String label, boolean assessed) {
        this.label = label;
        this.assessed = assessed;
    }

    public String label() { return label; }

    public boolean isAssessed() { return assessed; }

    /** A target as users read it: the number, or why there is none. */
    public String describe(@Nullable BigDecimal target, String targetText) {
        if (this == STATISTICS_ONLY) return "只作统计，不作考核";
        if (target != null) return ExactDecimal.format(target);
        return targetText == null || targetText.isBlank() ? "-" : targetText;
    }
}
