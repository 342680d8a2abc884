package org.xiezuo.importer.internal;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTrPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;
import org.xiezuo.importer.internal.Block.Cell;
import org.xiezuo.importer.internal.Block.Grid;
import org.xiezuo.importer.internal.Block.Merge;
import org.xiezuo.importer.internal.Block.Para;
import org.xiezuo.importer.internal.Block.Row;

/**
 * Reads a Word .docx: body paragraphs (without page-number lines left by a PDF conversion), and tables
 * with horizontally ({@code gridSpan}, {@code hMerge}) and vertically ({@code vMerge}) merged cells
 * expanded into a grid.
 */
final class DocxReader {

    ReadResult read(File file) throws IOException, InvalidFormatException {
        List<Block> blocks = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(file, PackageAccess.READ);
             XWPFDocument document = new XWPFDocument(pkg)) {
            int paragraphNumber = 0;
            int tableNumber = 0;
            for (IBodyElement element : document.getBodyElements()) {
                if (element instanceof XWPFParagraph paragraph) {
                    paragraphNumber++;
                    String text = paragraph.getText();
                    // a Word file converted from PDF keeps the printed page numbers (－ 5 －) as body paragraphs
                    if (text != null && !text.isBlank() && !TextReader.isPageNumber(text.strip())) {
                        blocks.add(new Para(text.strip(), "paragraph " + paragraphNumber));
                    }
                } else if (element instanceof XWPFTable table) {
                    tableNumber++;
                    blocks.add(grid(table, tableNumber == 1 ? "table row " : "table " + tableNumber + " row "));
                }
            }
        }
        return new ReadResult(blocks, List.of());
    }

    private static Grid grid(XWPFTable table, String locationPrefix) {
        List<Row> rows = new ArrayList<>();
        List<Cell> above = List.of();
        int rowNumber = 0;
        for (XWPFTableRow row : table.getRows()) {
            rowNumber++;
            List<Cell> cells = new ArrayList<>();
            CTTrPr trPr = row.getCtRow().getTrPr();
            int before = trPr != null && trPr.sizeOfGridBeforeArray() > 0 && trPr.getGridBeforeArray(0).getVal() != null
                    ? trPr.getGridBeforeArray(0).getVal().intValue() : 0;
            for (int i = 0; i < before; i++) cells.add(Cell.EMPTY);
            for (XWPFTableCell cell : row.getTableCells()) {
                CTTcPr pr = cell.getCTTc().getTcPr();
                int span = 1;
                if (pr != null && pr.isSetGridSpan() && pr.getGridSpan().getVal() != null) {
                    span = Math.max(1, ((BigInteger) pr.getGridSpan().getVal()).intValue());
                }
                int column = cells.size();
                boolean continuesAbove = pr != null && pr.isSetVMerge()
                        && (pr.getVMerge().getVal() == null || pr.getVMerge().getVal() == STMerge.CONTINUE);
                boolean continuesLeft = pr != null && pr.isSetHMerge()
                        && (pr.getHMerge().getVal() == null || pr.getHMerge().getVal() == STMerge.CONTINUE);
                String text = cellText(cell);
                for (int i = 0; i < span; i++) {
                    int at = column + i;
                    if (continuesAbove) {
                        String origin = at < above.size() ? above.get(at).text() : "";
                        cells.add(new Cell(origin, Merge.BELOW));
                    } else if (continuesLeft && !cells.isEmpty()) {
                        cells.add(new Cell(cells.get(cells.size() - 1).text(), Merge.RIGHT));
                    } else if (i > 0) {
                        cells.add(new Cell(text, Merge.RIGHT));
                    } else {
                        cells.add(Cell.of(text));
                    }
                }
            }
            rows.add(new Row(cells, locationPrefix + rowNumber));
            above = cells;
        }
        return new Grid(rows);
    }

    private static String cellText(XWPFTableCell cell) {
        StringBuilder text = new StringBuilder();
        for (IBodyElement element : cell.getBodyElements()) {
            String part = element instanceof XWPFParagraph p ? p.getText()
                    : element instanceof XWPFTable t ? t.getText() : "";
            if (part != null && !part.isBlank()) {
                if (!text.isEmpty()) text.append('\n');
                text.append(part.strip());
            }
        }
        return text.toString();
    }
}
