package org.xiezuo.assessment;

/** Where an indicator's actual comes from. */
public enum Source {
    /** Derived from ledger records (the indicator is bound to a ledger measure). */
    LEDGER("ledger", "台账"),
    /** The units' approved reports. */
    REPORT("report", "填报"),
    /** Nothing approved yet: the actual is 0. */
    NONE("none", "无数据");

    private final String code;
    private final String label;

    Source(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() { return code; }

    public String label() { return label; }
}
