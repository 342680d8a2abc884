package org.xiezuo.importer.internal;

import java.util.List;

/** What a reader hands the interpreter: paragraphs and grids, in document order. */
sealed interface Block permits Block.Para, Block.Grid {

    /** One paragraph or text line as printed; {@code location} like “line 57” or “paragraph 3”. */
    record Para(String text, String location) implements Block {}

    /** A table with merged cells already expanded into every grid position they cover. */
    record Grid(List<Row> rows) implements Block {
        public Grid {
            rows = List.copyOf(rows);
        }
    }

    /** One grid row; {@code location} like “line 172”, “table row 5” or “sheet 分解表 row 5”. */
    record Row(List<Cell> cells, String location) {
        public Row {
            cells = List.copyOf(cells);
        }

        String text(int column) { return column >= 0 && column < cells.size() ? cells.get(column).text() : ""; }

        Cell cell(int column) { return column >= 0 && column < cells.size() ? cells.get(column) : Cell.EMPTY; }

        boolean isBlank() { return cells.stream().allMatch(c -> c.text().isBlank()); }
    }

    /** A grid cell. A continuation repeats the text of the merged cell it belongs to. */
    record Cell(String text, Merge merge) {
        static final Cell EMPTY = new Cell("", Merge.NONE);

        static Cell of(String text) { return new Cell(text, Merge.NONE); }
    }

    enum Merge {
        NONE,
        /** Covered by a merged cell that starts in a row above. */
        BELOW,
        /** Covered by a merged cell that starts in a column to the left. */
        RIGHT
    }
}
