package org.xiezuo.ledger;

/** What a ledger-bound indicator counts or sums over the matching records. */
public enum Measure {
    COUNT("记录数", "count(*)"),
    DISTINCT_PERSONS("不重复人数（按身份证号）", "count(distinct person_id)"),
    DISTINCT_SUBJECTS("不重复主体数", "count(distinct subject)"),
    SUM_AMOUNT("金额合计（换算为指标单位）", "sum(amount_yuan)"),
    SUM_N1("数量1合计", "sum(n1)"),
    SUM_N2("数量2合计", "sum(n2)"),
    SUM_N3("数量3合计", "sum(n3)"),
    SUM_N4("数量4合计", "sum(n4)");

    private final String label;
    private final String aggregate;

    Measure(String label, String aggregate) {
        this.label = label;
        this.aggregate = aggregate;
    }

    public String label() { return label; }

    /** The label with the field's name for the kind (培训人数, 吸纳就业人数 …). */
    public String label(LedgerKind kind) {
        return switch (this) {
            case SUM_N1 -> kind == LedgerKind.TRAINING ? "培训人数合计" : "吸纳农村劳动力就业人数合计";
            case SUM_N2 -> kind == LedgerKind.TRAINING ? "其中脱贫人口人数合计" : "其中脱贫人口就业人数合计";
            case SUM_N3 -> "培训人次合计";
            case SUM_N4 -> "其中脱贫人口人次合计";
            case DISTINCT_SUBJECTS -> switch (kind) {
                case PAIRING -> "不重复东部结对方数";
                case INVESTMENT -> "不重复企业数";
                default -> label;
            };
            default -> label;
        };
    }

    String aggregate() { return aggregate; }
}
