package org.xiezuo.importer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.xiezuo.importer.internal.Block.Cell;
import org.xiezuo.importer.internal.Block.Grid;
import org.xiezuo.importer.internal.Block.Para;
import org.xiezuo.importer.internal.Block.Row;

/**
 * Reads the text or markdown form of a notice, as a PDF converter or a person leaves it: headings
 * with {@code #}, {@code **bold**} and {@code <b>} tags, tab-separated or pipe tables, and page-break
 * artefacts (rules, page-number lines such as {@code － 5 －}) that are dropped here. Every other
 * non-blank line becomes one paragraph; joining lines broken by a page is the interpreter's job.
 */
final class TextReader {

    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "^(?=.*[-－—–_~～])[-－—–_~～\\s]*\\d{1,4}[-－—–_~～\\s]*$"
            + "|^第\\s*\\d{1,4}\\s*页(\\s*[,，/]?\\s*共\\s*\\d{1,4}\\s*页)?$"
            + "|^\\d{1,4}\\s*/\\s*\\d{1,4}$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s*");
    private static final Pattern MARKUP = Pattern.compile("\\*\\*|__|</?(b|strong|p|span|u|i|em)(\\s[^>]*)?>|<br\\s*/?>",
            Pattern.CASE_INSENSITIVE);

    ReadResult read(String content) {
        List<Block> blocks = new ArrayList<>();
        List<Row> tableRows = new ArrayList<>();
        String[] lines = content.split("\\r\\n|\\r|\\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i].replace('\u00A0', ' ').replace("\uFEFF", "");
            String line = raw.strip();
            String location = "line " + (i + 1);
            if (line.isEmpty() || isRule(line) || isPageNumber(line)) {
                continue;
            }
            if (raw.indexOf('\t') >= 0 || isPipeRow(line)) {
                if (!isPipeSeparator(line)) {
                    tableRows.add(new Row(cells(raw, line), location));
                }
                continue;
            }
            if (!tableRows.isEmpty()) {
                blocks.add(new Grid(tableRows));
                tableRows = new ArrayList<>();
            }
            String text = stripMarkup(HEADING.matcher(line).replaceFirst(""));
            if (!text.isBlank()) {
                blocks.add(new Para(text, location));
            }
        }
        if (!tableRows.isEmpty()) blocks.add(new Grid(tableRows));
        return new ReadResult(blocks, List.of());
    }

    /**
     * A markdown rule ({@code ---}, {@code * * *}) or page-break line. Checked character by character: a
     * regular expression with a repeated group recurses per character and overflows on a long line.
     */
    static boolean isRule(String line) {
        char mark = 0;
        int marks = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) continue;
            if (c != '-' && c != '*' && c != '_' || mark != 0 && c != mark) return false;
            mark = c;
            marks++;
        }
        return marks >= 3;
    }

    /** The {@code |---|:---:|} line under a markdown table header, checked without a regular expression. */
    static boolean isPipeSeparator(String line) {
        boolean dash = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '-') {
                dash = true;
            } else if (c != '|' && c != ':' && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return dash;
    }

    static boolean isPageNumber(String line) {
        return PAGE_NUMBER.matcher(line).matches();
    }

    private static boolean isPipeRow(String line) {
        return line.startsWith("|") && line.endsWith("|") && line.length() > 2;
    }

    private static List<Cell> cells(String raw, String line) {
        String[] parts;
        if (raw.indexOf('\t') >= 0) {
            String row = raw.replaceAll("^[\\r\\n]+|[\\r\\n]+$", "");
            parts = row.split("\t", -1);
        } else {
            String inner = line.substring(1, line.length() - 1);
            parts = inner.split("(?<!\\\\)\\|", -1);
        }
        List<Cell> cells = new ArrayList<>(parts.length);
        for (String part : parts) {
            cells.add(Cell.of(stripMarkup(part).strip()));
        }
        return cells;
    }

    static String stripMarkup(String text) {
        return MARKUP.matcher(text).replaceAll("").strip();
    }
}
