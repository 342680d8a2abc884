package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A lean .xlsx writer for exports: one worksheet whose XML is written row by row, as UTF-8 bytes, straight
 * into the zip entry — no cell objects, no temporary files, no shared-string table (texts are inline
 * strings, as SXSSF writes them), so time grows with the rows and memory stays flat whatever their number.
 * It knows only what an export needs: a bold header row that stays frozen, column widths, and the
 * fixed cell formats of {@link Style} (general, text, date, date-time, each text one also quote-prefixed).
 *
 * <p>Texts are escaped as XML needs; a character XML cannot carry (C0 controls other than tab, LF and CR;
 * U+FFFE, U+FFFF; an unpaired surrogate) is written as {@code ?}, as SXSSF does; tab, LF and CR are written
 * as character references, so they survive a parser's line-end normalisation. The zip is written by the
 * JDK's {@link ZipOutputStream}, which adds Zip64 records only past 4 GB, so the JDK's
 * {@code ZipInputStream} (and so {@link org.xiezuo.shared.SafeArchive}) reads the file again. Deflate level
 * 4, the level of the dhatim fastexcel writer: most of level 6's compression for much less time.
 *
 * <p>Not thread-safe; one instance writes one workbook. Call {@link #header}, then {@link #startRow} and
 * the cell methods for each row, then {@link #finish}, which leaves the caller's stream open.
 */
final class SheetStream {

    /** The cell formats of styles.xml, in the order of its {@code cellXfs}. */
    enum Style {
        GENERAL, HEADER, DATE, DATE_TIME, TEXT, TEXT_QUOTED, GENERAL_QUOTED;

        final byte[] attribute = bytes(" s=\"" + ordinal() + "\"");
    }

    static final int DEFLATE_LEVEL = 4;
    private static final int BUFFER = 1 << 16;
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW_START = bytes("<row r=\"");
    private static final byte[] ROW_END = bytes("</row>");
    private static final byte[] TAG_END = bytes("\">");
    private static final byte[] CELL_START = bytes("<c r=\"");
    private static final byte[] INLINE_START = bytes(" t=\"inlineStr\"><is><t");
    private static final byte[] PRESERVE = bytes(" xml:space=\"preserve\"");
    private static final byte[] INLINE_END = bytes("</t></is></c>");
    private static final byte[] VALUE_START = bytes("><v>");
    private static final byte[] VALUE_END = bytes("</v></c>");

    private final ZipOutputStream zip;
    private final byte[][] letters;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private long row;
    private final byte[] rowDigits = new byte[20];
    private int rowDigitsStart = rowDigits.length;

    SheetStream(OutputStream out, String sheetName, List<Integer> widths) throws IOException {
        zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(DEFLATE_LEVEL);
        part("[Content_Types].xml", CONTENT_TYPES);
        part("_rels/.rels", ROOT_RELS);
        part("xl/workbook.xml", WORKBOOK_START + escapeAttribute(sheetName) + WORKBOOK_END);
        part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
        part("xl/styles.xml", STYLES);
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
        ascii(SHEET_START);
        if (!widths.isEmpty()) {
            ascii("<cols>");
            for (int c = 0; c < widths.size(); c++) {
                ascii("<col min=\"" + (c + 1) + "\" max=\"" + (c + 1) + "\" width=\"" + widths.get(c) + ".0\" customWidth=\"1\"/>");
            }
            ascii("</cols>");
        }
        ascii("<sheetData>");
        letters = new byte[Math.max(1, widths.size())][];
        for (int c = 0; c < letters.length; c++) letters[c] = ColumnLetters.of(c).getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts the next row (the first is row 1), closing the one before. */
    void startRow() throws IOException {
        if (row > 0) raw(ROW_END);
        row++;
        long n = row;
        rowDigitsStart = rowDigits.length;
        do {
            rowDigits[--rowDigitsStart] = DIGITS[(int) (n % 10)];
            n /= 10;
        } while (n > 0);
        raw(ROW_START);
        digits();
        raw(TAG_END);
    }

    /** A string cell: an inline string, never a formula. */
    void text(int column, String text, Style style) throws IOException {
        cellStart(column, style);
        raw(INLINE_START);
        if (!text.isEmpty() && (Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1)))) {
            raw(PRESERVE);
        }
        put((byte) '>');
        escaped(text);
        raw(INLINE_END);
    }

    /** A numeric cell with a whole number. */
    void number(int column, long value, Style style) throws IOException {
        cellStart(column, style);
        raw(VALUE_START);
        ascii(Long.toString(value));
        raw(VALUE_END);
    }

    /** A numeric cell; the value must be finite. */
    void number(int column, double value, Style style) throws IOException {
        cellStart(column, style);
        raw(VALUE_START);
        ascii(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value));
        raw(VALUE_END);
    }

    /** Closes the sheet (frozen header row) and the zip; the caller's stream stays open. */
    void finish() throws IOException {
        if (row > 0) raw(ROW_END);
        ascii(SHEET_END);
        drain();
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    private void cellStart(int column, Style style) throws IOException {
        raw(CELL_START);
        raw(letters[column]);
        digits();
        put((byte) '"');
        if (style != Style.GENERAL) raw(style.attribute);
    }

    private void digits() throws IOException {
        int length = rowDigits.length - rowDigitsStart;
        if (used + length > BUFFER) drain();
        System.arraycopy(rowDigits, rowDigitsStart, buffer, used, length);
        used += length;
    }

    /** Text content as UTF-8 with the escapes XML needs; what XML cannot hold becomes '?'. */
    private void escaped(String s) throws IOException {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char ch = s.charAt(i);
            if (used + 12 > BUFFER) drain();
            if (ch >= 0x20 && ch < 0x80) {
                switch (ch) {
                    case '<' -> ascii("&lt;");
                    case '>' -> ascii("&gt;");
                    case '&' -> ascii("&amp;");
                    default -> buffer[used++] = (byte) ch;
                }
            } else if (ch < 0x20) {
                switch (ch) {
                    case '\t' -> ascii("&#x9;");
                    case '\n' -> ascii("&#xa;");
                    case '\r' -> ascii("&#xd;");
                    default -> buffer[used++] = '?';
                }
            } else if (ch < 0x800) {
                buffer[used++] = (byte) (0xc0 | ch >> 6);
                buffer[used++] = (byte) (0x80 | ch & 0x3f);
            } else if (Character.isHighSurrogate(ch) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                buffer[used++] = (byte) (0xf0 | cp >> 18);
                buffer[used++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buffer[used++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buffer[used++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(ch) || ch == '\uFFFE' || ch == '\uFFFF') {
                buffer[used++] = '?';
            } else {
                buffer[used++] = (byte) (0xe0 | ch >> 12);
                buffer[used++] = (byte) (0x80 | ch >> 6 & 0x3f);
                buffer[used++] = (byte) (0x80 | ch & 0x3f);
            }
        }
    }

    /** ASCII text (markup, digits), one byte a character. */
    private void ascii(String s) throws IOException {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            if (used == BUFFER) drain();
            buffer[used++] = (byte) s.charAt(i);
        }
    }

    /** Bytes of markup, shorter than the buffer. */
    private void raw(byte[] bytes) throws IOException {
        if (used + bytes.length > BUFFER) drain();
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private void put(byte b) throws IOException {
        if (used == BUFFER) drain();
        buffer[used++] = b;
    }

    private void drain() throws IOException {
        zip.write(buffer, 0, used);
        used = 0;
    }

    private void part(String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String escapeAttribute(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static final String CONTENT_TYPES = XML
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + "</Types>";

    private static final String ROOT_RELS = XML
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"" + REL + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "</Relationships>";

    private static final String WORKBOOK_START = XML + "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\">"
            + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets><sheet name=\"";
    private static final String WORKBOOK_END = "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

    private static final String WORKBOOK_RELS = XML
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"" + REL + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"" + REL + "/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>";

    /** cellXfs in the order of {@link Style}: general, header (bold, text), date, date-time, text, text quoted, general quoted. */
    private static final String STYLES = XML + "<styleSheet xmlns=\"" + MAIN + "\">"
            + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
            + "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>"
            + "<fonts count=\"2\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/>"
            + "<scheme val=\"minor\"/></font><font><b/><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/>"
            + "<family val=\"2\"/><scheme val=\"minor\"/></font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"7\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" quotePrefix=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" quotePrefix=\"1\"/>"
            + "</cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "</styleSheet>";

    private static final String SHEET_START = XML + "<worksheet xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\">"
            + "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
            + "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
            + "<sheetFormatPr defaultRowHeight=\"15\"/>";

    private static final String SHEET_END = "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\""
            + " header=\"0.3\" footer=\"0.3\"/></worksheet>";
}
