package org.xiezuo.shared;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * A unit of measure as printed in the task book (万元, 人, 人次, % …). Known units carry the number of
 * decimals a value may have and how they relate; an unknown symbol is kept as printed (never lost)
 * and allows two decimals.
 */
public record MeasureUnit(String symbol) {

    /** What a unit measures; values of different kinds never meet. */
    public enum Kind { COUNT, PERSONS, PERSON_TIMES, MONEY, PERCENT, AREA, WEIGHT, OTHER }

    private record Traits(Kind kind, int decimals, BigDecimal factor) {}

    private static final Map<String, Traits> KNOWN = Map.ofEntries(
            Map.entry("人", new Traits(Kind.PERSONS, 0, BigDecimal.ONE)),
            Map.entry("名", new Traits(Kind.PERSONS, 0, BigDecimal.ONE)),
            Map.entry("人次", new Traits(Kind.PERSON_TIMES, 0, BigDecimal.ONE)),
            Map.entry("次", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("个", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("家", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("所", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("对", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("户", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("期", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("批", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("批次", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("项", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("村", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("场", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("件", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("篇", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("条", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("座", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("处", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("支", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("班", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("天", new Traits(Kind.COUNT, 0, BigDecimal.ONE)),
            Map.entry("元", new Traits(Kind.MONEY, 2, BigDecimal.ONE)),
            Map.entry("万元", new Traits(Kind.MONEY, 2, new BigDecimal("10000"))),
            Map.entry("亿元", new Traits(Kind.MONEY, 4, new BigDecimal("100000000"))),
            Map.entry("%", new Traits(Kind.PERCENT, 2, BigDecimal.ONE)),
            Map.entry("亩", new Traits(Kind.AREA, 2, BigDecimal.ONE)),
            Map.entry("万亩", new Traits(Kind.AREA, 2, new BigDecimal("10000"))),
            Map.entry("吨", new Traits(Kind.WEIGHT, 2, BigDecimal.ONE)),
            Map.entry("万吨", new Traits(Kind.WEIGHT, 2, new BigDecimal("10000"))));

    private static final Traits UNKNOWN = new Traits(Kind.OTHER, 2, BigDecimal.ONE);

    public MeasureUnit {
        Objects.requireNonNull(symbol, "symbol");
        symbol = normalise(symbol);
        if (symbol.isEmpty() || symbol.length() > 20) {
            throw new IllegalArgumentException("计量单位应为1至20个字符");
        }
    }

    public static MeasureUnit of(String symbol) { return new MeasureUnit(symbol); }

    /** Full-width ％ and stray spaces are printed variants of the same unit. */
    public static String normalise(String symbol) {
        return symbol.strip().replace('％', '%').replaceAll("\\s+", "");
    }

    public boolean isKnown() { return KNOWN.containsKey(symbol); }

    public Kind kind() { return traits().kind(); }

    /** Decimals a value in this unit may carry: 人/个/次/人次 integers, 万元 two, 亿元 four. */
    public int decimals() { return traits().decimals(); }

    /** Size of one of this unit in its kind's base unit (万元 → 10000 元). */
    public BigDecimal factor() { return traits().factor(); }

    /** True when values of both units can be converted into each other (万元 and 亿元, not 人 and 人次). */
    public boolean isCommensurableWith(MeasureUnit other) {
        Kind kind = kind();
        return kind != Kind.OTHER && kind == other.kind() || equals(other);
    }

    private Traits traits() { return KNOWN.getOrDefault(symbol, UNKNOWN); }

    @Override
    public String toString() { return symbol; }
}
