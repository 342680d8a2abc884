package org.xiezuo.plan;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Lays out an indicator table as the official 指标分解表 prints it: a category row before each group,
 * the responsible-units cell merged down over consecutive rows of a category that share it, and
 * 只作统计，不作考核 merged over consecutive statistics-only rows. Pages, previews and exports use it.
 */
public final class OfficialTableLayout {

    private OfficialTableLayout() {}

    /** One indicator row as the table shows it; {@code source} is whatever the caller needs back. */
    public record Cells<T>(String category, @Nullable String code, String name, @Nullable String measureUnit,
                           String target, boolean statisticsOnly, List<String> responsible, T source) {
        public Cells {
            responsible = List.copyOf(responsible);
        }

        /** The name as the official table prints it: “15.引导企业到四川投资兴业数”. */
        public String numberedName() {
            return code == null ? name : code + "." + name;
        }
    }

    /**
     * A line of the laid-out table: either a category heading ({@code cells} null) or a row. A span of
     * 0 means the cell is covered by the merged cell above; n &gt; 0 means it starts one over n rows.
     */
    public record Line<T>(@Nullable String category, int categoryNumber, @Nullable Cells<T> cells, int responsibleSpan,
                          int targetSpan) {
        public boolean isCategory() { return cells == null; }

        public String categoryHeading() {
            return ChineseNumber.of(categoryNumber) + "、" + category;
        }
    }

    public static <T> List<Line<T>> of(List<Cells<T>> rows) {
        List<Line<T>> lines = new ArrayList<>();
        int categoryNumber = 0;
        int i = 0;
        while (i < rows.size()) {
            String category = rows.get(i).category();
            lines.add(new Line<>(category, ++categoryNumber, null, 0, 0));
            int end = i;
            while (end < rows.size() && rows.get(end).category().equals(category)) end++;
            List<Cells<T>> group = rows.subList(i, end);
            int[] responsibleSpans = spans(group, (a, b) -> a.responsible().equals(b.responsible()) && !a.responsible().isEmpty());
            int[] targetSpans = spans(group, (a, b) -> a.statisticsOnly() && b.statisticsOnly());
            for (int k = 0; k < group.size(); k++) {
                lines.add(new Line<>(category, categoryNumber, group.get(k), responsibleSpans[k], targetSpans[k]));
            }
            i = end;
        }
        return lines;
    }

    private interface Same<T> {
        boolean test(Cells<T> a, Cells<T> b);
    }

    private static <T> int[] spans(List<Cells<T>> group, Same<T> same) {
        int[] spans = new int[group.size()];
        int start = 0;
        while (start < group.size()) {
            int end = start + 1;
            while (end < group.size() && same.test(group.get(start), group.get(end))) end++;
            spans[start] = end - start;
            start = end;
        }
        return spans;
    }

    /** Chinese section numerals for category headings. */
    static final class ChineseNumber {
        private static final String DIGITS = "零一二三四五六七八九";

        private ChineseNumber() {}

        static String of(int n) {
            if (n < 1 || n > 99) return String.valueOf(n);
            if (n < 10) return String.valueOf(DIGITS.charAt(n));
            int tens = n / 10;
            int units = n % 10;
            return (tens == 1 ? "" : String.valueOf(DIGITS.charAt(tens))) + "十" + (units == 0 ? "" : DIGITS.charAt(units));
        }
    }

    /** The plan page's rows, ready for {@link #of}. */
    public static List<Cells<PlanBook.IndicatorRow>> cellsOf(List<PlanBook.IndicatorRow> rows) {
        return rows.stream().map(r -> new Cells<>(r.category(), r.code(), r.name(), r.measureUnit(), r.targetLabel(),
                r.assessment() == Assessment.STATISTICS_ONLY, r.units().stream().map(PlanBook.UnitRef::name).toList(), r))
                .toList();
    }
}
