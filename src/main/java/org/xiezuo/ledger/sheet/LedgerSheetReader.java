package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.SafeArchive;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads the first visible worksheet of an uploaded .xlsx against a ledger template, in one streaming
 * pass with bounded memory, and hands each non-empty data row to a {@link RowHandler}.
 *
 * <p>Why this shape: ledgers reach a million rows, so the POI user model (whole sheet in memory) is out;
 * rows are matched to the template by header text, not position, because people reorder columns; and
 * nothing in the file is trusted. Before any XML parser runs the file passes the size check and
 * {@link SafeArchive} (zip bombs, duplicate entries, DOCTYPE). The package is opened read-only from the
 * file (POI reads the zip's central directory; no part and no cell is copied to a temp file). A quick
 * byte scan of the sheet ({@link SheetScan}) finds merged header cells and counts rows first, so every
 * refusal decided by the header or the row count comes before the handler sees a row; it reads the
 * worksheets while {@link SafeArchive} checks the archive ({@link SafeArchive.Reading}), on the check's
 * second thread, and is used only once the check passed. The sheet and the
 * shared strings are then read by {@link XmlScanner} (the JDK's SAX parser only for parts in another
 * encoding than UTF-8), which spends a fraction of the parser's time per cell. Formulas are
 * never evaluated and their cached values never used: the cell is handed on as
 * {@link Cell.Kind#FORMULA}. Hidden sheets are skipped and hidden rows imported, both with a warning.
 */
public final class LedgerSheetReader {

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    private LedgerSheetReader() {}

    /**
     * Reads {@code xlsx} against {@code template}. Throws {@link SheetRefused} with the user's message
     * when the file is refused; an exception from {@code handler} propagates unchanged.
     */
    public static SheetResult read(Path xlsx, List<Column> template, Limits limits, RowHandler handler) {
        Template columns = new Template(template);
        Map<String, SheetScan> scans = checkArchive(xlsx, limits);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ);
        } catch (OpenXML4JException | POIXMLException | IllegalArgumentException e) {
            // IllegalArgumentException: POI's NotOfficeXmlFileException and its kin
            throw new SheetRefused(SafeMessages.NOT_XLSX);
        }
        try {
            return read(pkg, columns, limits, handler, scans);
        } catch (Propagated propagated) {
            throw propagated.failure;
        } catch (IOException | OpenXML4JException | POIXMLException | IllegalArgumentException e) {
            throw new SheetRefused(SafeMessages.NOT_XLSX);
        } finally {
            pkg.revert(); // a read-only package is closed by reverting it; close() would try to save
        }
    }

    /** A refusal or the handler's own exception on its way out of the parse, past the catch for POI's failures. */
    private static final class Propagated extends RuntimeException {
        final RuntimeException failure;

        Propagated(RuntimeException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    /**
     * Size, magic bytes and the zip checks shared with every Office upload; answers the {@link SheetScan}
     * of every worksheet part, made from the inflate the check does anyway (by part name, without the
     * leading slash).
     */
    private static Map<String, SheetScan> checkArchive(Path xlsx, Limits limits) {
        byte[] content;
        try {
            if (Files.size(xlsx) > limits.maxFileBytes()) {
                throw new SheetRefused("文件超过" + limits.fileSizeText() + "上限");
            }
            try (InputStream in = Files.newInputStream(xlsx)) {
                content = in.readNBytes(ZIP.length); // the magic bytes; the archive is checked from the file
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (startsWith(content, OLE2)) throw new SheetRefused(SafeMessages.OLD_OR_ENCRYPTED);
        if (!startsWith(content, ZIP)) throw new SheetRefused(SafeMessages.NOT_XLSX);
        Set<String> names;
        Map<String, SheetScan> scans = new ConcurrentHashMap<>();
        try {
            names = new SafeArchive(limits.maxZipEntries(), limits.maxInflatedBytes(), limits.minInflateRatio())
                    .inspect(xlsx, new SafeArchive.Reading() {
                        @Override
                        public boolean wants(String name) {
                            String lower = name.toLowerCase(Locale.ROOT);
                            return lower.startsWith("xl/worksheets/") && lower.endsWith(".xml");
                        }

                        @Override
                        public void read(String name, InputStream part) throws IOException {
                            scans.put(name, SheetScan.of(part));
                        }
                    });
        } catch (SafeArchive.UnsafeDocument unsafe) {
            throw new SheetRefused(unsafe.getMessage());
        }
        if (!names.contains("xl/workbook.xml")) {
            throw new SheetRefused(names.contains("word/document.xml")
                    ? "文件扩展名与内容不符：内容是 Word 文档，不是 Excel 工作簿" : SafeMessages.NOT_XLSX);
        }
        return scans;
    }

    private static SheetResult read(OPCPackage pkg, Template template, Limits limits, RowHandler handler,
                                    Map<String, SheetScan> scans) throws IOException, OpenXML4JException {
        XSSFReader reader = new XSSFReader(pkg);
        PackagePart workbook = workbookPart(pkg);
        WorkbookIndex index;
        try (InputStream in = reader.getWorkbookData()) {
            index = WorkbookIndex.read(in);
        } catch (SAXException e) {
            throw new SheetRefused(SafeMessages.NOT_XLSX);
        }
        List<String> warnings = new ArrayList<>();
        WorkbookIndex.SheetEntry chosen = null;
        PackagePart sheet = null;
        List<String> others = new ArrayList<>();
        for (WorkbookIndex.SheetEntry entry : index.sheets) {
            if (entry.hidden()) {
                warnings.add("已忽略隐藏工作表【" + SafeMessages.printable(entry.name()) + "】");
                continue;
            }
            PackagePart part = worksheet(workbook, entry.relationId());
            if (part == null) continue;
            if (chosen == null) {
                chosen = entry;
                sheet = part;
            } else {
                others.add("【" + SafeMessages.printable(entry.name()) + "】");
            }
        }
        if (chosen == null || sheet == null) throw new SheetRefused("工作表为空：工作簿中没有可见的工作表");
        if (!others.isEmpty()) {
            warnings.add("只导入第一个工作表【" + SafeMessages.printable(chosen.name()) + "】，已忽略工作表"
                    + String.join("、", others));
        }
        try (PackedStrings shared = sharedStrings(workbook, limits)) { // off-heap: released here, also on failure
            StylesTable styles = reader.getStylesTable();
            SheetScan scan = scans.get(sheet.getPartName().getName().substring(1));
            if (scan == null) { // a worksheet outside xl/worksheets/: scanned on its own
                try (InputStream in = sheet.getInputStream()) {
                    scan = SheetScan.of(in);
                }
            }
            SheetHandler sheetHandler = new SheetHandler(template, limits, handler, shared, new CellStyles(styles),
                    index.date1904, scan);
            parse(sheet, sheetHandler);
            sheetHandler.finish();
            warnings.addAll(sheetHandler.warnings);
            Layout layout = sheetHandler.layout;
            return new SheetResult(chosen.name(), layout == null ? 0 : layout.headerRow,
                    layout == null ? Map.of() : layout.columnLetters(template), sheetHandler.rows, warnings);
        }
    }

    /**
     * The sheet through {@link XmlScanner} when it is UTF-8 XML 1.0 (what every spreadsheet program
     * writes), otherwise through the JDK's SAX parser; malformed XML is refused the same way on both.
     */
    private static void parse(PackagePart sheet, SheetHandler handler) throws IOException {
        try (InputStream in = sheet.getInputStream()) {
            XmlScanner xml = new XmlScanner(in, SheetHandler.NAMESPACES, SheetHandler.NAMES);
            if (xml.isUtf8()) {
                scan(xml, handler);
                return;
            }
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(handler);
            reader.parse(new InputSource(xml.unread()));
        } catch (SAXException e) {
            if (handler.failure != null) throw new Propagated(handler.failure);
            throw new SheetRefused(SafeMessages.BROKEN_SHEET);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        if (handler.failure != null) throw new Propagated(handler.failure);
    }

    private static void scan(XmlScanner xml, SheetHandler handler) throws IOException {
        try {
            handler.scan(xml);
        } catch (XmlScanner.Malformed e) {
            throw new Propagated(new SheetRefused(SafeMessages.BROKEN_SHEET));
        } catch (RuntimeException e) {
            throw new Propagated(e);
        }
    }

    private static PackagePart workbookPart(OPCPackage pkg) throws OpenXML4JException {
        PackageRelationshipCollection core = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
        if (core.isEmpty()) core = pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT);
        if (core.isEmpty()) throw new SheetRefused(SafeMessages.NOT_XLSX);
        PackagePart part = pkg.getPart(core.getRelationship(0));
        if (part == null) throw new SheetRefused(SafeMessages.NOT_XLSX);
        return part;
    }

    /** The worksheet part a workbook relationship points to; null for chart sheets, dialog and macro sheets. */
    private static @Nullable PackagePart worksheet(PackagePart workbook, String relationId) throws OpenXML4JException {
        PackageRelationship relation = workbook.getRelationship(relationId);
        if (relation == null || !relation.getRelationshipType().endsWith("/worksheet")) return null;
        return workbook.getRelatedPart(relation);
    }

    private static PackedStrings sharedStrings(PackagePart workbook, Limits limits) throws IOException, OpenXML4JException {
        for (PackageRelationship relation : workbook.getRelationships()) {
            if (!relation.getRelationshipType().endsWith("/sharedStrings")) continue;
            PackagePart part = workbook.getRelatedPart(relation);
            try (InputStream in = part.getInputStream()) {
                return SharedTexts.read(in, limits.maxCellChars());
            } catch (SAXException e) {
                if (e.getException() instanceof SheetRefused refused) throw refused;
                throw new SheetRefused(SafeMessages.NOT_XLSX);
            } catch (XmlScanner.Malformed e) {
                throw new SheetRefused(SafeMessages.NOT_XLSX);
            }
        }
        return SharedTexts.none();
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        if (content.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if (content[i] != magic[i]) return false;
        }
        return true;
    }
}
