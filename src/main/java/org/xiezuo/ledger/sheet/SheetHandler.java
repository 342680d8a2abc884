package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The pass over one worksheet: finds the header (the first non-empty row), accepts it through
 * {@link Layout}, then hands each non-empty data row to the {@link RowHandler}. Keeps only the current
 * row; builds strings only for cells under a template header; never evaluates a formula nor reads its
 * cached value. Driven by {@link XmlScanner} ({@link #scan}) for UTF-8 sheets, by SAX otherwise: both
 * feed the same {@link #start} / {@link #end} steps, so the two cannot drift apart. Under SAX any refusal
 * or handler exception is kept in {@link #failure} and stops the parse; under the scanner it is thrown.
 */
final class SheetHandler extends DefaultHandler {

    private static final int LISTED_HIDDEN_ROWS = 100;
    private static final int LISTED_WARNINGS = 20;

    private static final byte T_NUMBER = 0;
    private static final byte T_SHARED = 1;
    private static final byte T_INLINE = 2;
    private static final byte T_STRING = 3;
    private static final byte T_BOOLEAN = 4;
    private static final byte T_ERROR = 5;
    private static final byte T_DATE = 6;

    /** The local names {@link #start} and {@link #end} tell apart, indexed by the constants below. */
    static final String[] NAMES = {"c", "v", "f", "is", "t", "rPh", "row", "sheetData", "dimension", "col", "mergeCell"};
    static final String[] NAMESPACES = {SpreadsheetXml.MAIN, SpreadsheetXml.STRICT};
    private static final int C = 0;
    private static final int V = 1;
    private static final int F = 2;
    private static final int IS = 3;
    private static final int T = 4;
    private static final int RPH = 5;
    private static final int ROW = 6;
    private static final int SHEET_DATA = 7;
    private static final int DIMENSION = 8;
    private static final int COL = 9;
    private static final int MERGE_CELL = 10;

    /** The attributes read, by qualified name as SAX's {@code getValue(qName)} finds them. */
    private static final String[] ATTRIBUTES = {"r", "t", "s", "hidden", "ref", "min", "max"};
    private static final byte[][] ATTRIBUTE_BYTES = bytes(ATTRIBUTES);
    private static final int A_R = 0;
    private static final int A_T = 1;
    private static final int A_S = 2;
    private static final int A_HIDDEN = 3;
    private static final int A_REF = 4;
    private static final int A_MIN = 5;
    private static final int A_MAX = 6;

    /**
     * An attribute of the current start tag by its index in {@link #ATTRIBUTES}, or null: from SAX's
     * {@link Attributes} or read in place by {@link XmlScanner} — valid only until the next look-up.
     */
    private interface Values {
        @Nullable CharSequence get(int attribute);
    }

    /** SAX's attributes of the current start tag, behind {@link Values}. */
    private static final class SaxValues implements Values {
        @Nullable Attributes attributes;

        @Override
        public @Nullable CharSequence get(int attribute) {
            return attributes.getValue(ATTRIBUTES[attribute]);
        }
    }


    private final SaxValues sax = new SaxValues();
    private final Template template;
    private final Limits limits;
    private final RowHandler handler;
    private final PackedStrings shared;
    private final CellStyles styles;
    private final boolean date1904;
    private final SheetScan scan;

    final List<String> warnings = new ArrayList<>();
    @Nullable RuntimeException failure;
    @Nullable Layout layout;
    int rows;

    private int dimensionLastRow;
    private final List<int[]> hiddenColumns = new ArrayList<>();
    private final List<Layout.HeaderCell> headerCells = new ArrayList<>();
    private final Set<String> ignoredColumns = new LinkedHashSet<>();
    private int hiddenRows;

    private boolean inSheetData;
    private int rowNumber;
    private boolean rowHidden;
    private boolean rowHasContent;
    private Cell @Nullable [] rowCells;
    private int nextColumn;

    private boolean inCell;
    private int cellColumn;
    private byte cellType;
    private int cellStyle;
    private boolean cellFormula;
    private boolean cellValue;
    private boolean collecting;
    private boolean inInline;
    private int phonetic;
    private final StringBuilder text = new StringBuilder(64);
    private final StringBuilder formula = new StringBuilder();

    SheetHandler(Template template, Limits limits, RowHandler handler, PackedStrings shared, CellStyles styles,
                 boolean date1904, SheetScan scan) {
        this.template = template;
        this.limits = limits;
        this.handler = handler;
        this.shared = shared;
        this.styles = styles;
        this.date1904 = date1904;
        this.scan = scan;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        if (!SpreadsheetXml.isMain(uri)) return;
        int name = nameIndex(localName);
        if (name < 0) return;
        sax.attributes = attributes;
        try {
            start(name, sax);
        } catch (RuntimeException e) {
            throw stop(e);
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (!SpreadsheetXml.isMain(uri)) return;
        int name = nameIndex(localName);
        if (name < 0) return;
        try {
            end(name);
        } catch (RuntimeException e) {
            throw stop(e);
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (!collecting) return;
        if (text.length() + length > 7L * limits.maxCellChars()) throw stop(tooLong());
        text.append(ch, start, length);
    }

    /**
     * The sheet through {@link XmlScanner} instead of SAX: the same steps on the same elements, text
     * collected straight into the cell's buffer. The handler's exceptions and refusals come out unchanged.
     */
    void scan(XmlScanner xml) throws IOException, XmlScanner.Malformed {
        Values values = attribute -> xml.value(ATTRIBUTE_BYTES[attribute]);
        while (true) {
            switch (xml.next()) {
                case XmlScanner.START -> {
                    if (xml.namespace() >= 0 && xml.name() >= 0) start(xml.name(), values);
                }
                case XmlScanner.END -> {
                    if (xml.namespace() >= 0 && xml.name() >= 0) end(xml.name());
                }
                case XmlScanner.TEXT -> {
                    if (text.length() > 7L * limits.maxCellChars()) throw tooLong();
                }
                default -> {
                    return;
                }
            }
            xml.collect(collecting ? text : null);
        }
    }

    private SheetRefused tooLong() {
        return new SheetRefused("第" + rowNumber + "行" + ColumnLetters.of(cellColumn) + "列内容过长（超过"
                + limits.maxCellChars() + "个字符）", rowNumber, ColumnLetters.of(cellColumn));
    }

    private static int nameIndex(String localName) {
        return switch (localName) {
            case "c" -> C;
            case "v" -> V;
            case "f" -> F;
            case "is" -> IS;
            case "t" -> T;
            case "rPh" -> RPH;
            case "row" -> ROW;
            case "sheetData" -> SHEET_DATA;
            case "dimension" -> DIMENSION;
            case "col" -> COL;
            case "mergeCell" -> MERGE_CELL;
            default -> -1;
        };
    }

    private void start(int name, Values attributes) {
        switch (name) {
            case C -> startCell(attributes);
            case V -> {
                if (inCell) {
                    cellValue = true;
                    collecting = true;
                }
            }
            case F -> {
                if (inCell) {
                    cellFormula = true;
                    collecting = true;
                }
            }
            case IS -> {
                if (inCell) {
                    inInline = true;
                    cellValue = true;
                }
            }
            case T -> collecting = inInline && phonetic == 0;
            case RPH -> phonetic++;
            case ROW -> startRow(attributes);
            case SHEET_DATA -> inSheetData = true;
            case DIMENSION -> dimension(string(attributes.get(A_REF)));
            case COL -> hiddenColumn(attributes);
            case MERGE_CELL -> mergeCell(string(attributes.get(A_REF)));
            default -> { }
        }
    }

    private void end(int name) {
        switch (name) {
            case C -> endCell();
            case V, T -> collecting = false;
            case F -> {
                collecting = false;
                formula.append(text);
                text.setLength(0);
            }
            case IS -> inInline = false;
            case RPH -> phonetic--;
            case ROW -> endRow();
            case SHEET_DATA -> inSheetData = false;
            default -> { }
        }
    }

    private static @Nullable String string(@Nullable CharSequence value) {
        return value == null ? null : value.toString();
    }

    private static boolean is(@Nullable CharSequence value, String expected) {
        if (value == null || value.length() != expected.length()) return false;
        for (int i = 0; i < expected.length(); i++) {
            if (value.charAt(i) != expected.charAt(i)) return false;
        }
        return true;
    }

    private static byte[][] bytes(String[] names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) bytes[i] = names[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return bytes;
    }

    private SAXException stop(RuntimeException e) {
        failure = e;
        return new SAXException("stopped: " + e.getMessage());
    }

    // ---- sheet properties before the rows

    private void dimension(@Nullable String ref) {
        if (ref == null) return;
        int colon = ref.indexOf(':');
        dimensionLastRow = Math.max(0, ColumnLetters.rowOf(colon < 0 ? ref : ref.substring(colon + 1)));
    }

    private void hiddenColumn(Values attributes) {
        CharSequence hidden = attributes.get(A_HIDDEN);
        if (!(is(hidden, "1") || is(hidden, "true")) || hiddenColumns.size() >= 1000) return;
        try {
            int min = Integer.parseInt(string(attributes.get(A_MIN)));
            int max = Integer.parseInt(string(attributes.get(A_MAX)));
            hiddenColumns.add(new int[] {min - 1, max - 1});
        } catch (NumberFormatException | NullPointerException e) {
            // a column range Excel cannot open is not worth a warning
        }
    }

    // ---- rows and cells

    private void startRow(Values attributes) {
        if (!inSheetData) return;
        CharSequence r = attributes.get(A_R);
        int number = r == null ? rowNumber + 1 : parseRowNumber(r);
        if (number <= rowNumber) {
            throw new SheetRefused(SafeMessages.STRUCTURE + "：行号重复或顺序错乱（第" + number + "行）", number, null);
        }
        rowNumber = number;
        CharSequence hidden = attributes.get(A_HIDDEN);
        rowHidden = is(hidden, "1") || is(hidden, "true");
        rowHasContent = false;
        rowCells = null;
        nextColumn = 0;
    }

    /** As {@link Integer#parseInt} then the range check; plain digits without a String. */
    private static int parseRowNumber(CharSequence r) {
        int plain = parseIndex(r);
        if (plain >= 1 && plain <= 1_048_576) return plain;
        try {
            int number = Integer.parseInt(r.toString());
            if (number >= 1 && number <= 1_048_576) return number;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new SheetRefused(SafeMessages.STRUCTURE + "：行号无效（" + SafeMessages.printable(r.toString()) + "）");
    }

    private void startCell(Values attributes) {
        if (!inSheetData) return;
        inCell = true;
        CharSequence ref = attributes.get(A_R);
        int column = ref == null ? nextColumn : ColumnLetters.columnOf(ref);
        if (column < 0) column = nextColumn;
        cellColumn = column;
        nextColumn = column + 1;
        cellType = type(attributes.get(A_T));
        CharSequence s = attributes.get(A_S);
        cellStyle = s == null ? 0 : parseIndex(s);
        cellFormula = false;
        cellValue = false;
        collecting = false;
        inInline = false;
        phonetic = 0;
        text.setLength(0);
        formula.setLength(0);
    }

    private static byte type(@Nullable CharSequence t) {
        if (t == null) return T_NUMBER;
        if (t.length() == 1) {
            return switch (t.charAt(0)) {
                case 's' -> T_SHARED;
                case 'b' -> T_BOOLEAN;
                case 'e' -> T_ERROR;
                case 'd' -> T_DATE;
                default -> T_NUMBER;
            };
        }
        if (is(t, "inlineStr")) return T_INLINE;
        return is(t, "str") ? T_STRING : T_NUMBER;
    }

    private void endCell() {
        if (!inCell) return;
        inCell = false;
        collecting = false;
        if (layout == null) {
            headerCell();
            return;
        }
        int slot = layout.slotOf(cellColumn);
        if (slot < 0) {
            if (cellFormula || cellValue && !isBlankValue()) ignoredColumn();
            return;
        }
        Cell cell = cell(layout.letters[slot], layout.headers[slot]);
        if (cell == null) return;
        if (rowCells == null) rowCells = new Cell[layout.letters.length];
        rowCells[slot] = cell;
        if (!(cell.kind() == Cell.Kind.TEXT && cell.raw().isBlank())) rowHasContent = true;
    }

    /** A value that is there but means nothing: an empty shared or inline string. */
    private boolean isBlankValue() {
        return text.isEmpty();
    }

    private void headerCell() {
        Cell cell = cell("", "");
        if (cell == null || cell.kind() == Cell.Kind.TEXT && cell.raw().isBlank()) return;
        if (headerCells.size() >= limits.maxColumns()) {
            throw new SheetRefused("模板不匹配：表头列数超过上限（" + limits.maxColumns() + "列）", rowNumber, null);
        }
        headerCells.add(new Layout.HeaderCell(cellColumn, cell.raw(), cell.kind()));
    }

    /** The cell just ended, or null when it holds nothing. */
    private @Nullable Cell cell(String letter, String header) {
        if (cellFormula) return new Cell(Cell.Kind.FORMULA, formula.toString(), letter, header, false);
        if (!cellValue) return null;
        switch (cellType) {
            case T_SHARED -> {
                int index = parseIndex(text);
                if (index < 0 || index >= shared.size()) {
                    throw new SheetRefused(SafeMessages.STRUCTURE + "：共享字符串不存在（第" + rowNumber + "行"
                            + ColumnLetters.of(cellColumn) + "列）", rowNumber, ColumnLetters.of(cellColumn));
                }
                String value = shared.get(index);
                return value.isEmpty() ? null : new Cell(Cell.Kind.TEXT, value, letter, header, false);
            }
            case T_INLINE, T_STRING -> {
                if (text.isEmpty()) return null;
                return new Cell(Cell.Kind.TEXT, XmlText.decode(text.toString()), letter, header, false);
            }
            case T_BOOLEAN -> {
                return text.isEmpty() ? null : new Cell(Cell.Kind.BOOLEAN, text.toString(), letter, header, false);
            }
            case T_ERROR -> {
                return new Cell(Cell.Kind.ERROR, text.toString(), letter, header, false);
            }
            case T_DATE -> {
                return text.isEmpty() ? null : new Cell(Cell.Kind.DATE, text.toString().strip(), letter, header, false);
            }
            default -> {
                if (text.isEmpty()) return null;
                String raw = text.toString().strip();
                byte style = styles.classOf(cellStyle);
                if (style == CellStyles.DATE) {
                    String iso = ExcelDates.iso(raw, date1904);
                    if (iso != null) return new Cell(Cell.Kind.DATE, iso, letter, header, false);
                }
                return new Cell(Cell.Kind.NUMBER, raw, letter, header, style == CellStyles.PERCENT);
            }
        }
    }

    /** A non-negative decimal index without a String, or -1. */
    static int parseIndex(CharSequence digits) {
        int length = digits.length();
        if (length == 0 || length > 9) return -1;
        int value = 0;
        for (int i = 0; i < length; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private void ignoredColumn() {
        String letter = ColumnLetters.of(cellColumn);
        if (ignoredColumns.size() < LISTED_WARNINGS && ignoredColumns.add(letter)) {
            warnings.add(letter + "列没有表头，该列内容未导入（第" + rowNumber + "行起）");
        }
    }

    private void endRow() {
        if (!inSheetData) return;
        if (layout == null) {
            if (!headerCells.isEmpty()) acceptHeader();
            return;
        }
        if (!rowHasContent) return;
        if (rows >= limits.maxRows()) throw tooManyRows();
        rows++;
        Cell[] cells = rowCells;
        if (cells == null) return;
        for (int slot = 0; slot < cells.length; slot++) {
            if (cells[slot] == null) cells[slot] = layout.blanks[slot];
        }
        if (rowHidden) hiddenRow(rowNumber);
        handler.row(new SheetRow(rowNumber, rowHidden, layout.slots, cells));
    }

    private void hiddenRow(int number) {
        hiddenRows++;
        if (hiddenRows <= LISTED_HIDDEN_ROWS) warnings.add("第" + number + "行为隐藏行");
    }

    private void acceptHeader() {
        String merged = "";
        for (SheetScan.Merge merge : scan.merges) {
            if (merge.touchesRow(rowNumber)) {
                merged = merge.ref();
                break;
            }
        }
        Layout accepted = Layout.accept(template, rowNumber, headerCells, merged);
        if (dimensionLastRow - rowNumber > limits.maxRows() || scan.valueRows - 1 > limits.maxRows()) {
            throw tooManyRows();
        }
        layout = accepted;
        handler.expect((int) Math.max(0, Math.min(Integer.MAX_VALUE, scan.valueRows - 1)));
        if (rowHidden) warnings.add("表头（第" + rowNumber + "行）为隐藏行");
        for (int[] range : hiddenColumns) {
            for (int column = range[0]; column <= range[1] && column < accepted.slotOfColumn.length; column++) {
                int slot = accepted.slotOf(column);
                if (slot >= 0) warnings.add(accepted.letters[slot] + "列【" + accepted.headers[slot] + "】为隐藏列，已照常导入");
            }
        }
        int listed = 0;
        for (SheetScan.Merge merge : scan.merges) {
            if (merge.firstRow() <= rowNumber || listed++ >= LISTED_WARNINGS) continue;
            warnings.add("第" + merge.firstRow() + "行起有合并单元格（" + merge.ref() + "），只有左上角单元格有值，其余按空白处理");
        }
    }

    private SheetRefused tooManyRows() {
        return new SheetRefused("文件超过行数上限（" + limits.maxRows() + "行），请拆分为多个文件后分别导入", rowNumber, null);
    }

    /** The authoritative merge check; {@link SheetScan} normally found the range before any row was handed on. */
    private void mergeCell(@Nullable String ref) {
        if (ref == null || layout == null) return;
        SheetScan.Merge merge = SheetScan.Merge.parse(ref.strip().toUpperCase(java.util.Locale.ROOT));
        if (merge.valid() && merge.touchesRow(layout.headerRow)) {
            throw Layout.mergedHeader(layout.headerRow, merge.ref());
        }
    }

    /** After the parse: refusals that need the whole sheet, and the hidden-row summary. */
    void finish() {
        if (layout == null) {
            throw new SheetRefused("工作表为空：没有找到表头行，请使用下载的模板填写");
        }
        if (hiddenRows > LISTED_HIDDEN_ROWS) {
            warnings.add("另有" + (hiddenRows - LISTED_HIDDEN_ROWS) + "个隐藏行，已照常导入");
        }
    }
}
