package org.xiezuo.supervision;

import org.xiezuo.shared.BusinessRuleViolation;

/** Where an order stands: a draft (not yet sent, may be discarded), issued, closed when every part is, or discarded. */
public enum OrderStatus {
    DRAFT("草稿"), ISSUED("督办中"), CLOSED("已办结"), CANCELLED("已作废");

    private final String label;

    OrderStatus(String label) { this.label = label; }

    public String label() { return label; }

    /** Issuing and discarding are for drafts only. */
    void requireDraft(String action) {
        if (this != DRAFT) throw new BusinessRuleViolation("supervision.state", "当前状态不允许此操作：督办单为「" + label + "」，不能" + action);
    }
}
