package org.xiezuo.reporting;

/** How the units' figures for an indicator make the plan-level actual. */
public enum Aggregation {
    /** Each responsible unit reports its own contribution; the actual is their sum (the default, DOMAIN Q8). */
    SUM_OF_UNITS("各责任单位分别填报，合计为完成值"),
    /** The lead unit reports the total; co-responsible units only comment. */
    LEAD_REPORTS_TOTAL("牵头单位填报总数，配合单位只填说明");

    private final String label;

    Aggregation(String label) { this.label = label; }

    public String label() { return label; }
}
