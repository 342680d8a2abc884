package org.xiezuo.ledger.sheet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An accepted header: which file column feeds which template slot, and each slot's letter and header
 * text for the cells handed on. Built by {@link #accept}, which refuses a header that does not fit the
 * template — merged cells, formulas, personal-data columns, unknown or repeated columns, missing
 * required columns — in that order, each with the message users see.
 */
final class Layout {

    /** A non-blank cell of the header row. */
    record HeaderCell(int column, String text, Cell.Kind kind) {}

    final int headerRow;
    final Map<String, Integer> slots;
    final String[] letters;
    final String[] headers;
    final Cell[] blanks;
    /** File column (0-based) → template slot, -1 for a column under no template header. */
    final int[] slotOfColumn;

    private Layout(int headerRow, Template template, int[] slotOfColumn, String[] letters, String[] headers) {
        this.headerRow = headerRow;
        this.slots = template.slots;
        this.slotOfColumn = slotOfColumn;
        this.letters = letters;
        this.headers = headers;
        this.blanks = new Cell[letters.length];
        for (int slot = 0; slot < blanks.length; slot++) blanks[slot] = Cell.blank(letters[slot], headers[slot]);
    }

    int slotOf(int column) {
        return column < slotOfColumn.length ? slotOfColumn[column] : -1;
    }

    /** Template key → column letter for the columns found, in template order. */
    Map<String, String> columnLetters(Template template) {
        Map<String, String> found = new LinkedHashMap<>();
        for (int slot = 0; slot < letters.length; slot++) {
            if (!letters[slot].isEmpty()) found.put(template.columns.get(slot).key(), letters[slot]);
        }
        return found;
    }

    /**
     * The layout of a header row, or {@link SheetRefused}. {@code mergedRef} is the first merged range
     * touching the header row, if any.
     */
    static Layout accept(Template template, int headerRow, List<HeaderCell> cells, String mergedRef) {
        if (!mergedRef.isEmpty()) throw mergedHeader(headerRow, mergedRef);
        for (HeaderCell cell : cells) {
            if (cell.kind() == Cell.Kind.FORMULA || cell.kind() == Cell.Kind.ERROR) {
                String letter = ColumnLetters.of(cell.column());
                throw new SheetRefused("模板不匹配：表头含公式或错误值（第" + headerRow + "行，" + letter + "列），请填写文字表头",
                        headerRow, letter);
            }
        }
        int width = cells.stream().mapToInt(HeaderCell::column).max().orElse(-1) + 1;
        int[] slotOfColumn = new int[width];
        Arrays.fill(slotOfColumn, -1);
        String[] letters = new String[template.size()];
        Arrays.fill(letters, "");
        String[] headers = template.columns.stream().map(Column::header).toArray(String[]::new);
        List<String> personal = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        String firstUnknownLetter = null;
        for (HeaderCell cell : cells) {
            String text = cell.text().strip();
            String letter = ColumnLetters.of(cell.column());
            int slot = template.slotOf(text);
            if (slot < 0) {
                if (PersonalColumns.matches(text)) {
                    personal.add("【" + shorten(text) + "】");
                } else {
                    unknown.add("【" + shorten(text) + "】（第" + headerRow + "行，" + letter + "列）");
                    if (firstUnknownLetter == null) firstUnknownLetter = letter;
                }
                continue;
            }
            if (!letters[slot].isEmpty()) {
                throw new SheetRefused("模板不匹配：列【" + headers[slot] + "】重复（第" + headerRow + "行，" + letters[slot]
                        + "列和" + letter + "列）", headerRow, letter);
            }
            letters[slot] = letter;
            headers[slot] = text;
            slotOfColumn[cell.column()] = slot;
        }
        if (!personal.isEmpty()) {
            throw new SheetRefused("模板外个人信息列，不予导入：" + String.join("、", personal), headerRow, null);
        }
        if (!unknown.isEmpty()) {
            throw new SheetRefused("模板不匹配：未知列" + String.join("、", unknown), headerRow, firstUnknownLetter);
        }
        List<String> missing = new ArrayList<>();
        for (int slot = 0; slot < letters.length; slot++) {
            Column column = template.columns.get(slot);
            if (column.required() && letters[slot].isEmpty()) missing.add("【" + column.header() + "】");
        }
        if (!missing.isEmpty()) {
            throw new SheetRefused("模板不匹配：缺少列" + String.join("、", missing), headerRow, null);
        }
        return new Layout(headerRow, template, slotOfColumn, letters, headers);
    }

    static SheetRefused mergedHeader(int headerRow, String mergedRef) {
        return new SheetRefused("模板不匹配：表头有合并单元格（第" + headerRow + "行，" + mergedRef
                + "），请取消合并，每列一个表头，或使用下载的模板", headerRow,
                ColumnLetters.of(ColumnLetters.columnOf(mergedRef)));
    }

    /** Header texts go into messages; a pasted paragraph should not. */
    private static String shorten(String text) {
        String clean = text.replaceAll("[\\p{Cntrl}\\p{Cf}]", " ");
        return clean.length() > 30 ? clean.substring(0, 30) + "…" : clean;
    }
}
