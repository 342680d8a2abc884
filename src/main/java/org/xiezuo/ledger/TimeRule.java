package org.xiezuo.ledger;

/**
 * Which records count (the SQL is {@link Derivation#SELECTS}): as of a date D in an assessment year starting on S. "Active" is active at any
 * time from S to D (含存量, DOMAIN Q1); "new" is started in the year.
 */
public enum TimeRule {
    /** Started in the assessment year, on or before D. */
    NEW("当年新增"),
    /** Started on or before D and not ended before S (含存量). */
    ACTIVE("年内存续（含存量）"),
    /** Started before the year and still going in it (续建). */
    CONTINUING("往年建立、年内存续（续建）"),
    /** Every record dated on or before D. */
    ALL("截至统计日的全部记录");

    private final String label;

    TimeRule(String label) {
        this.label = label;
    }

    public String label() { return label; }
}
