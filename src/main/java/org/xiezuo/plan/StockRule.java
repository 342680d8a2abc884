package org.xiezuo.plan;

/** Whether an indicator counts what carries over from earlier years (含存量, DOMAIN.md Q1). */
public enum StockRule {
    /** 含存量: active at any time in the assessment year, whatever year it started. */
    INCLUDES_STOCK("含存量"),
    /** Only what started in the assessment year. */
    INCREMENT_ONLY("仅新增");

    private final String label;

    StockRule(String label) { this.label = label; }

    public String label() { return label; }
}
