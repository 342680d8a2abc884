package org.xiezuo.supervision;

import java.util.EnumMap;
import java.util.Map;

import org.xiezuo.shared.BusinessRuleViolation;

/**
 * Where one addressed unit's part of an order stands. The transitions are this table and nothing else:
 * the unit answers an issued or returned part; the office closes (销号) or returns an answered one.
 */
public enum PartState {
    ISSUED("待反馈"), ANSWERED("已反馈"), RETURNED("已退回"), CLOSED("已销号");

    /** What can happen to a part. */
    public enum Action {
        ANSWER("反馈"), CLOSE("销号"), RETURN("退回");

        private final String label;

        Action(String label) { this.label = label; }

        public String label() { return label; }
    }

    private static final Map<PartState, Map<Action, PartState>> NEXT = new EnumMap<>(PartState.class);

    static {
        allow(ISSUED, Action.ANSWER, ANSWERED);
        allow(RETURNED, Action.ANSWER, ANSWERED);
        allow(ANSWERED, Action.CLOSE, CLOSED);
        allow(ANSWERED, Action.RETURN, RETURNED);
    }

    private static void allow(PartState from, Action action, PartState to) {
        NEXT.computeIfAbsent(from, f -> new EnumMap<>(Action.class)).put(action, to);
    }

    private final String label;

    PartState(String label) { this.label = label; }

    public String label() { return label; }

    public boolean allows(Action action) {
        return NEXT.getOrDefault(this, Map.of()).containsKey(action);
    }

    /** The state after the action, or "当前状态不允许此操作". */
    public PartState after(Action action) {
        PartState next = NEXT.getOrDefault(this, Map.of()).get(action);
        if (next == null) {
            throw new BusinessRuleViolation("supervision.part.state", "当前状态不允许此操作：该单位的督办事项为「" + label + "」，不能" + action.label());
        }
        return next;
    }

    /** Still waiting for the unit. */
    public boolean awaitingUnit() { return this == ISSUED || this == RETURNED; }
}
