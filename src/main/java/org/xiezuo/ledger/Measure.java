package org.xiezuo.ledger;

/** What a ledger-bound indicator counts or sums over the matching records (SQL in {@link Derivation}). */
public enum Measure {
    COUNT("记录数"),
    DISTINCT_PERSONS("不重复人数（按身份证号）"),
    DISTINCT_SUBJECTS("不重复主体数"),
    SUM_AMOUNT("金额合计（换算为指标单位）"),
    SUM_N1("数量1合计"),
    SUM_N2("数量2合计"),
    SUM_N3("数量3合计"),
    SUM_N4("数量4合计");

    private final String label;

    Measure(String label) {
        this.label = label;
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
}
