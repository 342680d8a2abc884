package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.InputStream;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.util.XMLHelper;
import org.jspecify.annotations.Nullable;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The workbook's shared strings, read once, read-only, into a {@link PackedStrings} table: the text of
 * each {@code <si>} (rich-text runs joined, phonetic runs left out, {@code _xHHHH_} decoded). POI's
 * {@code ReadOnlySharedStringsTable} parses the same way but keeps a list of strings and wraps every
 * lookup in a new {@code XSSFRichTextString}; here the table takes a fraction of the heap (a million-row
 * ledger has 1.8 million distinct strings) and a lookup decodes one short string. Read by
 * {@link XmlScanner} when UTF-8 (tens of megabytes at a million rows), by SAX otherwise; both drive the
 * same steps.
 */
final class SharedTexts extends DefaultHandler {

    private static final String[] NAMES = {"sst", "si", "rPh", "t"};
    private static final int SST = 0;
    private static final int SI = 1;
    private static final int RPH = 2;
    private static final int T = 3;
    private static final byte[] UNIQUE_COUNT = "uniqueCount".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private PackedStrings.@Nullable Builder strings;
    private final StringBuilder text = new StringBuilder(64);
    private final int maxChars;
    private boolean inItem;
    private boolean inT;
    private int phonetic;

    private SharedTexts(int maxChars) {
        this.maxChars = maxChars;
    }

    /**
     * The strings of a sharedStrings part, or none when the workbook has no such part; the caller closes
     * the table. UTF-8 XML 1.0 goes through {@link XmlScanner} (malformed: {@link XmlScanner.Malformed});
     * any other encoding through SAX.
     */
    static PackedStrings read(InputStream part, int maxChars) throws IOException, SAXException, XmlScanner.Malformed {
        SharedTexts handler = new SharedTexts(maxChars);
        try {
            XmlScanner xml = new XmlScanner(part, SheetHandler.NAMESPACES, NAMES);
            if (xml.isUtf8()) {
                handler.scan(xml);
            } else {
                XMLReader reader = XMLHelper.newXMLReader();
                reader.setContentHandler(handler);
                reader.parse(new InputSource(xml.unread()));
            }
            return handler.strings == null ? PackedStrings.none() : handler.strings.build();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } finally {
            if (handler.strings != null) handler.strings.close(); // after build(), nothing left to release
        }
    }

    /** The same steps as the SAX callbacks, the text of {@code <t>} collected straight into the item's buffer. */
    private void scan(XmlScanner xml) throws IOException, XmlScanner.Malformed {
        while (true) {
            switch (xml.next()) {
                case XmlScanner.START -> {
                    if (xml.namespace() >= 0 && xml.name() >= 0) start(xml.name(), xml.name() == SST ? xml.value(UNIQUE_COUNT) : null);
                }
                case XmlScanner.END -> {
                    if (xml.namespace() >= 0 && xml.name() >= 0) end(xml.name());
                }
                case XmlScanner.TEXT -> {
                    if (text.length() > 7L * maxChars) throw tooLong();
                }
                default -> {
                    return;
                }
            }
            xml.collect(inT ? text : null);
        }
    }

    private SheetRefused tooLong() {
        return new SheetRefused("文件中有单元格内容过长（超过" + maxChars + "个字符）");
    }

    static PackedStrings none() {
        return PackedStrings.none();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        if (!SpreadsheetXml.isMain(uri)) return;
        int name = nameIndex(localName);
        if (name == SST) start(SST, attributes.getValue("uniqueCount"));
        else if (name >= 0) start(name, null);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (!SpreadsheetXml.isMain(uri)) return;
        int name = nameIndex(localName);
        if (name < 0) return;
        try {
            end(name);
        } catch (SheetRefused refused) {
            throw new SAXException(refused);
        }
    }

    private static int nameIndex(String localName) {
        return switch (localName) {
            case "sst" -> SST;
            case "si" -> SI;
            case "rPh" -> RPH;
            case "t" -> T;
            default -> -1;
        };
    }

    /** {@code uniqueCount}: the attribute of that name, read for {@code <sst>} only. */
    private void start(int name, @Nullable CharSequence uniqueCount) {
        switch (name) {
            case SST -> {
                if (strings == null) strings = new PackedStrings.Builder(expected(uniqueCount));
            }
            case SI -> {
                inItem = true;
                text.setLength(0);
            }
            case RPH -> phonetic++;
            case T -> inT = inItem && phonetic == 0;
            default -> { }
        }
    }

    private void end(int name) {
        switch (name) {
            case SI -> {
                inItem = false;
                String decoded = XmlText.decode(text.toString());
                if (decoded.length() > maxChars) throw tooLong();
                if (strings == null) strings = new PackedStrings.Builder(0);
                strings.add(decoded);
            }
            case RPH -> phonetic--;
            case T -> inT = false;
            default -> { }
        }
    }

    /** The string count the file announces: only a hint for the first allocation. */
    private static int expected(@Nullable CharSequence uniqueCount) {
        if (uniqueCount == null) return 0;
        try {
            return Math.max(0, Integer.parseInt(uniqueCount.toString().strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (!inT) return;
        // _xHHHH_ takes 7 characters for one
        if (text.length() + length > 7L * maxChars) throw new SAXException(tooLong());
        text.append(ch, start, length);
    }
}
