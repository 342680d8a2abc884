package org.xiezuo.bench;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

import javax.xml.parsers.SAXParserFactory;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * R1a, the parse floor (PERFORMANCE.md W1): read the first sheet touching every cell's value and sum
 * one numeric column (就业开始日期, a date serial, column H), keeping nothing. Two ways, the faster one is
 * the reference: dhatim fastexcel-reader (Aalto StAX) and bare POI — {@code XSSFReader} +
 * {@code ReadOnlySharedStringsTable} + a plain namespace-aware SAX handler, no styles, no
 * {@code DataFormatter}.
 */
final class ParseFloor {

    /** Cells seen, characters of their values, and the sum of column H: returned so nothing is optimised away. */
    record Touched(long rows, long cells, long chars, double sum) {}

    private ParseFloor() {}

    static Touched fastexcel(Path file) throws Exception {
        long rows = 0, cells = 0, chars = 0;
        double sum = 0;
        try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile());
             Stream<Row> stream = workbook.getFirstSheet().openStream()) {
            Iterator<Row> it = stream.iterator();
            while (it.hasNext()) {
                Row row = it.next();
                rows++;
                for (Cell cell : row) {
                    if (cell == null) continue;
                    cells++;
                    String raw = cell.getRawValue();
                    if (raw != null) chars += raw.length();
                    if (cell.getColumnIndex() == 7 && row.getRowNum() > 1) sum += Double.parseDouble(raw);
                }
            }
        }
        return new Touched(rows, cells, chars, sum);
    }

    static Touched poi(Path file) throws Exception {
        try (OPCPackage pkg = OPCPackage.open(new File(file.toString()), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            XMLReader xml = factory.newSAXParser().getXMLReader();
            Handler handler = new Handler(strings);
            xml.setContentHandler(handler);
            Iterator<InputStream> sheets = reader.getSheetsData();
            try (InputStream in = sheets.next()) {
                xml.parse(new InputSource(in));
            }
            pkg.revert();
            return new Touched(handler.rows, handler.cells, handler.chars, handler.sum);
        }
    }

    /** Collects each cell's {@code <v>} or inline {@code <t>} text; a shared string is looked up by index. */
    private static final class Handler extends DefaultHandler {
        private static final String NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        final ReadOnlySharedStringsTable strings;
        final StringBuilder text = new StringBuilder();
        boolean collecting;
        boolean shared;
        boolean columnH;
        long rows, cells, chars;
        double sum;

        Handler(ReadOnlySharedStringsTable strings) { this.strings = strings; }

        @Override
        public void startElement(String uri, String local, String qName, Attributes attributes) {
            if (!NS.equals(uri)) return;
            switch (local) {
                case "row" -> rows++;
                case "c" -> {
                    cells++;
                    shared = "s".equals(attributes.getValue("t"));
                    String ref = attributes.getValue("r");
                    columnH = ref != null && ref.charAt(0) == 'H' && !"H1".equals(ref);
                }
                case "v", "t" -> {
                    collecting = true;
                    text.setLength(0);
                }
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (collecting) text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (!collecting || !NS.equals(uri) || !("v".equals(local) || "t".equals(local))) return;
            collecting = false;
            String value = shared ? strings.getItemAt(Integer.parseInt(text, 0, text.length(), 10)).getString() : text.toString();
            chars += value.length();
            if (columnH) sum += Double.parseDouble(value);
        }
    }
}
