package org.xiezuo.importer.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.xiezuo.importer.ParsedTaskBook.Warning;
import org.xiezuo.importer.internal.Block.Cell;
import org.xiezuo.importer.internal.Block.Grid;
import org.xiezuo.importer.internal.Block.Merge;
import org.xiezuo.importer.internal.Block.Row;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.MeasureUnit;

/**
 * Reads the indicator table (主要任务指标分解表) in any of its layouts: 指标名称/单位/目标任务/责任单位,
 * 序号/指标名称/单位/目标任务/牵头单位/配合单位/备注, with or without a 类别 column, category rows,
 * numbered and unnumbered rows, 其中 rows, responsible cells merged or left blank, and 只作统计不作考核
 * in a target cell, a merged cell, a remark or the name.
 */
final class IndicatorTable {

    /** What a column holds, with the header it usually has, for locations when the table lacks it. */
    enum Column {
        CODE("序号"), CATEGORY("类别"), NAME("指标名称"), UNIT("单位"), TARGET("目标任务"), RESPONSIBLE("责任单位"),
        LEAD("牵头单位"), SUPPORT("配合单位"), REMARK("备注"), TASK("任务内容"), DEADLINE("完成时限");

        private final String usualLabel;

        Column(String usualLabel) { this.usualLabel = usualLabel; }
    }

    private static final Pattern ROW_NUMBER = Pattern.compile("^(\\d{1,3})\\s*[.．、](?![0-9])\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern CATEGORY_NUMBER = Pattern.compile("^[一二三四五六七八九十]{1,3}\\s*[、.．]\\s*");
    private static final Pattern CATEGORY_CODE = Pattern.compile("^[一二三四五六七八九十]{1,3}\\s*[、.．]?$");
    /** “（2021年）” in 目标任务（2021年）, “（列第一位的为牵头单位）” in 责任单位（…）: not part of the header name. */
    private static final Pattern HEADER_REMARK = Pattern.compile("[（(][^（）()]*[）)]");
    private static final Pattern NOTE = Pattern.compile("^(备注|注)\\s*\\d?\\s*[:：]");
    private static final Pattern FOOTNOTE_CODES = Pattern.compile(
            "(?<!\\d)(\\d{1,3})(?:\\s*[-－—–~～至到]\\s*(\\d{1,3}))?(?!\\d)");
    private static final Pattern UNIT_IN_NAME = Pattern.compile("^(.+?)（([^（）]{1,4})）$");
    private static final Pattern COUNTS_PEOPLE = Pattern.compile("(就业|人口|劳动力|学生|人才|干部)(人)?数|人数|人次");
    private static final Set<String> NO_TARGET = Set.of("-", "—", "－", "--", "——", "/", "／", "无", "–", "─");

    /** Which column holds what, found from a header row. */
    record Columns(Map<Column, Integer> index, Map<Column, String> labels, int width) {

        static @Nullable Columns detect(Row row) {
            Map<Column, Integer> index = new EnumMap<>(Column.class);
            Map<Column, String> labels = new EnumMap<>(Column.class);
            for (int c = 0; c < row.cells().size(); c++) {
                Cell cell = row.cells().get(c);
                if (cell.merge() != Merge.NONE) continue;
                Column column = classify(Texts.compact(HEADER_REMARK.matcher(cell.text()).replaceAll("")));
                if (column != null && !index.containsKey(column)) {
                    index.put(column, c);
                    labels.put(column, Texts.squeeze(cell.text()));
                }
            }
            boolean indicators = index.containsKey(Column.NAME) && (index.containsKey(Column.UNIT)
                    || index.containsKey(Column.TARGET));
            boolean tasks = index.containsKey(Column.TASK) && (index.containsKey(Column.RESPONSIBLE)
                    || index.containsKey(Column.LEAD)) && !index.containsKey(Column.UNIT);
            return indicators || tasks ? new Columns(index, labels, row.cells().size()) : null;
        }

        /** Header texts of each column, tried in this order (责任单位 before 单位). */
        private static final List<Map.Entry<Pattern, Column>> HEADERS = List.of(
                Map.entry(Pattern.compile("序号|编号|序|号"), Column.CODE),
                Map.entry(Pattern.compile("类别|类型|分类|指标类别|指标类型|领域"), Column.CATEGORY),
                Map.entry(Pattern.compile("责任单位|责任部门|责任主体|责任单位部门"), Column.RESPONSIBLE),
                Map.entry(Pattern.compile("牵头单位|牵头部门|主责单位"), Column.LEAD),
                Map.entry(Pattern.compile("配合单位|协同单位|配合部门|参与单位|协办单位|协作单位"), Column.SUPPORT),
                Map.entry(Pattern.compile("单位|计量单位|单位名称"), Column.UNIT),
                Map.entry(Pattern.compile("(\\d{4}年)?(年度)?目标(任务|值|数)?|任务数|目标任务数|年度任务|任务目标|指标值"), Column.TARGET),
                Map.entry(Pattern.compile("指标名称|指标|主要指标|指标内容|考核指标|任务指标|具体指标|指标项目|主要任务指标|指标名"), Column.NAME),
                Map.entry(Pattern.compile("备注|说明|备考"), Column.REMARK),
                Map.entry(Pattern.compile("任务内容|工作任务|重点任务|内容与要求|主要任务|工作内容|任务|具体任务|工作事项|重点工作"), Column.TASK),
                Map.entry(Pattern.compile("完成时限|时限要求|完成时间|时限"), Column.DEADLINE));

        private static @Nullable Column classify(String h) {
            if (h.isEmpty() || h.length() > 12) return null;
            for (Map.Entry<Pattern, Column> header : HEADERS) {
                if (header.getKey().matcher(h).matches()) return header.getValue();
            }
            return null;
        }

        int at(Column column) { return index.getOrDefault(column, -1); }

        boolean has(Column column) { return index.containsKey(column); }

        boolean isTaskTable() { return !has(Column.NAME) && has(Column.TASK); }

        int task() { return at(Column.TASK); }

        String label(Column column) { return labels.getOrDefault(column, column.usualLabel); }
    }

    /** Rows of one table, read with the columns of its header. */
    record Segment(Columns columns, List<Row> rows, boolean startsWithHeader) {}

    /** One indicator row as read; mutable only while the table is being read. */
    static final class Entry {
        private final @Nullable String code;
        private final String category;
        private final String name;
        private final @Nullable String measureUnit;
        private @Nullable BigDecimal target;
        private final String targetText;
        private boolean assessed;
        private final boolean includesStock;
        private final @Nullable Integer parentIndex;
        private final List<String> responsible;
        private final String location;
        private boolean statisticsOnly;
        private final boolean statisticsFromTargetCell;

        Entry(@Nullable String code, String category, String name, @Nullable String measureUnit,
              @Nullable BigDecimal target, String targetText, boolean statisticsOnly, boolean statisticsFromTargetCell,
              boolean includesStock, @Nullable Integer parentIndex, List<String> responsible, String location) {
            this.code = code;
            this.category = category;
            this.name = name;
            this.measureUnit = measureUnit;
            this.target = statisticsOnly ? null : target;
            this.targetText = targetText;
            this.statisticsOnly = statisticsOnly;
            this.statisticsFromTargetCell = statisticsFromTargetCell;
            this.assessed = !statisticsOnly && target != null;
            this.includesStock = includesStock;
            this.parentIndex = parentIndex;
            this.responsible = List.copyOf(responsible);
            this.location = location;
        }

        @Nullable String code() { return code; }
        String category() { return category; }
        String name() { return name; }
        @Nullable String measureUnit() { return measureUnit; }
        @Nullable BigDecimal target() { return target; }
        String targetText() { return targetText; }
        boolean assessed() { return assessed; }
        boolean statisticsOnly() { return statisticsOnly; }
        boolean includesStock() { return includesStock; }
        @Nullable Integer parentIndex() { return parentIndex; }
        List<String> responsible() { return responsible; }
        String location() { return location; }

        void markStatisticsOnly() {
            statisticsOnly = true;
            target = null;
            assessed = false;
        }
    }

    private final UnitRegistry units;
    private final List<Warning> warnings;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> codes = new HashSet<>();

    private String category = "";
    private @Nullable List<String> lastResponsible;
    private @Nullable List<String> lastLead;
    private @Nullable List<String> lastSupport;
    private @Nullable Integer lastTopLevel;
    private @Nullable Entry previous;

    IndicatorTable(UnitRegistry units, List<Warning> warnings) {
        this.units = units;
        this.warnings = warnings;
    }

    List<Entry> rows() { return entries; }

    /** Whether a grid without a header carries on a table after a page or sheet break. */
    static boolean continues(Grid grid, Columns columns) {
        for (Row row : grid.rows()) {
            if (row.isBlank()) continue;
            if (row.cells().size() != columns.width()) return false;
            String first = Texts.squeeze(row.text(columns.has(Column.CODE) ? columns.at(Column.CODE) : columns.at(Column.NAME)));
            return ROW_NUMBER.matcher(first).matches() || first.matches("\\d{1,3}") || CATEGORY_NUMBER.matcher(first).find();
        }
        return false;
    }

    void read(Segment segment) {
        Columns columns = segment.columns();
        for (Row row : segment.rows()) {
            if (row.isBlank()) continue;
            Columns header = Columns.detect(row);
            if (header != null) {
                if (!header.index().equals(columns.index())) columns = header;
                continue;
            }
            Optional<String> note = note(row);
            if (note.isPresent()) {
                // a note under the table refers to rows above it, all read by now
                if (Texts.isStatisticsOnly(note.get())) applyFootnote(note.get());
                continue;
            }
            if (columns.has(Column.CATEGORY)) {
                String text = categoryName(row.text(columns.at(Column.CATEGORY)));
                if (!text.isEmpty() && !text.equals(category)) startCategory(text);
            }
            Optional<String> heading = categoryOf(row, columns);
            if (heading.isPresent()) {
                startCategory(heading.get());
                continue;
            }
            indicator(row, columns);
        }
    }

    private void startCategory(String name) {
        category = name;
        lastResponsible = null;
        lastLead = null;
        lastSupport = null;
        lastTopLevel = null;
        previous = null;
    }

    private static String categoryName(String text) {
        return CATEGORY_NUMBER.matcher(Texts.squeeze(TextReader.stripMarkup(text))).replaceFirst("").strip();
    }

    /** A row that only holds a note such as “注：第22、23项只作统计，不作考核”, merged across or alone. */
    private static Optional<String> note(Row row) {
        List<String> distinct = distinctTexts(row);
        if (distinct.size() != 1) return Optional.empty();
        String text = Texts.squeeze(distinct.get(0));
        return NOTE.matcher(text).find() ? Optional.of(text) : Optional.empty();
    }

    /** The category a heading row names, without its number; empty for an indicator row. */
    static Optional<String> categoryOf(Row row, Columns columns) {
        if (isSplitCategoryRow(row, columns)) return Optional.of(categoryName(row.text(columns.at(Column.NAME))));
        return isCategoryRow(row, columns) ? Optional.of(categoryName(distinctTexts(row).get(0))) : Optional.empty();
    }

    /**
     * A category written over two cells, its numeral in the 序号 column and its name in the name
     * column (“一 | 组织领导”), the name often merged across the rest of the row; no unit or target of its
     * own. An indicator row never has a Chinese numeral as its code.
     */
    private static boolean isSplitCategoryRow(Row row, Columns columns) {
        if (!columns.has(Column.CODE) || !columns.has(Column.NAME) || distinctTexts(row).size() != 2) return false;
        return CATEGORY_CODE.matcher(Texts.squeeze(row.text(columns.at(Column.CODE)))).matches()
                && !row.text(columns.at(Column.NAME)).isBlank()
                && hasNoOwnText(row.cell(columns.at(Column.UNIT))) && hasNoOwnText(row.cell(columns.at(Column.TARGET)));
    }

    private static boolean hasNoOwnText(Cell cell) {
        return cell.text().isBlank() || cell.merge() == Merge.RIGHT;
    }

    /** A row that only names a category (一、组织领导) or a group heading, merged across or alone. */
    static boolean isCategoryRow(Row row, Columns columns) {
        List<String> distinct = distinctTexts(row);
        if (distinct.size() != 1) return false;
        String text = Texts.squeeze(distinct.get(0));
        if (ROW_NUMBER.matcher(text).matches() || text.startsWith("其中")) return false;
        if (CATEGORY_NUMBER.matcher(text).find()) return true;
        boolean spans = row.cells().stream().anyMatch(c -> c.merge() == Merge.RIGHT);
        if (spans) return true;
        return row.text(columns.at(Column.UNIT)).isBlank() && row.text(columns.at(Column.TARGET)).isBlank()
                && !text.equals(Texts.squeeze(row.text(columns.at(Column.NAME)))) ;
    }

    private static List<String> distinctTexts(Row row) {
        List<String> distinct = new ArrayList<>();
        for (Cell cell : row.cells()) {
            String text = cell.text().strip();
            if (!text.isEmpty() && cell.merge() != Merge.BELOW && !distinct.contains(text)) distinct.add(text);
        }
        return distinct;
    }

    private void indicator(Row row, Columns columns) {
        String location = row.location();
        String rawName = row.text(columns.at(Column.NAME)).strip();
        String code = null;
        if (columns.has(Column.CODE)) {
            String printed = Texts.squeeze(row.text(columns.at(Column.CODE))).replaceAll("[.．、]$", "");
            code = printed.isEmpty() ? null : printed;
        }
        Matcher numbered = ROW_NUMBER.matcher(rawName);
        if (numbered.matches()) {
            if (code == null) code = numbered.group(1);
            rawName = numbered.group(2);
        }
        if (code != null && !codes.add(code)) {
            warnings.add(new Warning(location, "指标序号「" + code + "」重复"));
        }
        String name = Texts.printed(rawName);

        Cell targetCell = row.cell(columns.at(Column.TARGET));
        String targetText = targetCell.merge() == Merge.BELOW ? "" : targetCell.text();
        boolean statsInTarget = Texts.isStatisticsOnly(targetCell.text());
        boolean statsInRemark = Texts.isStatisticsOnly(row.text(columns.at(Column.REMARK)));
        boolean statsInName = Texts.isStatisticsOnly(name);
        boolean continuesStats = targetText.isBlank() && targetCell.merge() == Merge.NONE && previous != null
                && previous.statisticsFromTargetCell;
        boolean statisticsOnly = statsInTarget || statsInRemark || statsInName || continuesStats;
        if (statsInName) name = Texts.withoutStatisticsPhrase(name);

        String measureUnit = Texts.squeeze(row.text(columns.at(Column.UNIT)));
        if (measureUnit.isEmpty()) {
            Matcher inName = UNIT_IN_NAME.matcher(name);
            if (inName.matches() && MeasureUnit.of(inName.group(2)).isKnown()) {
                name = inName.group(1);
                measureUnit = MeasureUnit.normalise(inName.group(2));
            }
        } else {
            measureUnit = MeasureUnit.normalise(measureUnit);
        }
        if (name.isEmpty()) {
            warnings.add(new Warning(location + ", column " + columns.label(Column.NAME), "指标名称为空，已跳过该行"));
            return;
        }
        if (measureUnit.isEmpty()) {
            warnings.add(new Warning(location + ", column " + columns.label(Column.UNIT), "指标「" + name + "」缺少计量单位"));
        } else if (!MeasureUnit.of(measureUnit).isKnown()) {
            warnings.add(new Warning(location + ", column " + columns.label(Column.UNIT), "计量单位「" + measureUnit + "」不在常用单位表中，已按原文保存"));
        } else if (COUNTS_PEOPLE.matcher(name).find() && MeasureUnit.of(measureUnit).kind() == MeasureUnit.Kind.COUNT) {
            warnings.add(new Warning(location + ", column " + columns.label(Column.UNIT),
                    "计量单位「" + measureUnit + "」与指标名称不一致（名称计的是人数），已按原文保存，请核对"));
        }

        BigDecimal target = statisticsOnly ? null : target(targetText, measureUnit, location + ", column "
                + columns.label(Column.TARGET), name);

        Integer parent = null;
        if (name.startsWith("其中")) {
            parent = lastTopLevel;
            if (parent == null) warnings.add(new Warning(location, "「其中」行上方没有可归属的指标"));
        }
        List<String> responsible = responsible(row, columns, location);

        Entry entry = new Entry(code, category, name, measureUnit.isEmpty() ? null : measureUnit, target, targetText,
                statisticsOnly, statsInTarget || continuesStats, name.contains("含存量"), parent, responsible, location);
        entries.add(entry);
        if (parent == null) lastTopLevel = entries.size() - 1;
        previous = entry;
    }

    private @Nullable BigDecimal target(String raw, String measureUnit, String location, String name) {
        String text = Texts.squeeze(raw);
        if (text.isEmpty()) {
            warnings.add(new Warning(location, "指标「" + name + "」目标任务为空，按无目标处理（不考核）"));
            return null;
        }
        if (NO_TARGET.contains(text)) return null;
        String number = !measureUnit.isEmpty() && text.endsWith(measureUnit)
                ? text.substring(0, text.length() - measureUnit.length()) : text;
        Optional<BigDecimal> value = ExactDecimal.parse(number);
        if (value.isEmpty()) {
            warnings.add(new Warning(location, "目标任务不是数字：「" + text + "」，已保留原文，不计算完成率"));
            return null;
        }
        if (value.get().signum() < 0) {
            warnings.add(new Warning(location, "目标任务为负数：「" + text + "」，已保留原文，不计算完成率"));
            return null;
        }
        return value.get();
    }

    private List<String> responsible(Row row, Columns columns, String location) {
        if (columns.has(Column.RESPONSIBLE)) {
            Cell cell = row.cell(columns.at(Column.RESPONSIBLE));
            String where = location + ", column " + columns.label(Column.RESPONSIBLE);
            if (cell.merge() == Merge.BELOW || cell.text().isBlank()) {
                if (lastResponsible == null) {
                    warnings.add(new Warning(where, "责任单位为空，且上方同类别中没有可沿用的责任单位"));
                    return List.of();
                }
                return lastResponsible;
            }
            lastResponsible = resolve(cell.text(), where);
            return lastResponsible;
        }
        if (!columns.has(Column.LEAD)) return List.of();
        Cell lead = row.cell(columns.at(Column.LEAD));
        Cell support = row.cell(columns.at(Column.SUPPORT));
        boolean leadInherited = lead.merge() == Merge.BELOW || lead.text().isBlank();
        List<String> leads;
        if (leadInherited) {
            if (lastLead == null) {
                warnings.add(new Warning(location + ", column " + columns.label(Column.LEAD), "牵头单位为空，且上方同类别中没有可沿用的单位"));
                leads = List.of();
            } else {
                leads = lastLead;
            }
        } else {
            leads = resolve(lead.text(), location + ", column " + columns.label(Column.LEAD));
        }
        List<String> supports;
        if (support.merge() == Merge.BELOW || support.text().isBlank() && leadInherited) {
            supports = lastSupport == null ? List.of() : lastSupport;
        } else {
            supports = support.text().isBlank() ? List.of()
                    : resolve(support.text(), location + ", column " + columns.label(Column.SUPPORT));
        }
        lastLead = leads;
        lastSupport = supports;
        List<String> all = new ArrayList<>(leads);
        supports.stream().filter(s -> !all.contains(s)).forEach(all::add);
        return List.copyOf(all);
    }

    /** The responsible text of a task-table row, empty when blank or merged from above. */
    static Optional<String> responsibleText(Row row, Columns columns) {
        for (Column column : List.of(Column.RESPONSIBLE, Column.LEAD)) {
            if (!columns.has(column)) continue;
            Cell cell = row.cell(columns.at(column));
            if (cell.merge() == Merge.BELOW || cell.text().isBlank()) return Optional.empty();
            String text = cell.text();
            if (column == Column.LEAD && columns.has(Column.SUPPORT)) {
                text = text + "、" + row.text(columns.at(Column.SUPPORT));
            }
            return Optional.of(text);
        }
        return Optional.empty();
    }

    private List<String> resolve(String raw, String location) {
        List<String> resolved = units.resolveList(raw, location);
        if (resolved.isEmpty()) warnings.add(new Warning(location, "未能识别责任单位：「" + Texts.squeeze(raw) + "」"));
        return resolved;
    }

    /**
     * “注：第22、23项只作统计，不作考核” (also 第22-25项) below the table. Only whole numbers of up to three
     * digits are row numbers, so a year in the note (2021年) marks nothing.
     */
    void applyFootnote(String note) {
        Matcher numbers = FOOTNOTE_CODES.matcher(note);
        while (numbers.find()) {
            int first = Integer.parseInt(numbers.group(1));
            int last = numbers.group(2) == null ? first : Integer.parseInt(numbers.group(2));
            for (int number = first; number <= last; number++) {
                String code = String.valueOf(number);
                entries.stream().filter(e -> code.equals(e.code())).forEach(Entry::markStatisticsOnly);
            }
        }
    }
}
