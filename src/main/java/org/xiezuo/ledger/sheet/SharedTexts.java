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
 * ledger has 1.8 million distinct strings) and a lookup decodes one short string.
 */
final class SharedTexts extends DefaultHandler {

    private PackedStrings.@Nullable Builder strings;
    private final StringBuilder text = new StringBuilder(64);
    private final int maxChars;
    private boolean inItem;
    private boolean inT;
    private int phonetic;

    private SharedTexts(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The strings of a sharedStrings part, or none when the workbook has no such part; the caller closes the table. */
    static PackedStrings read(InputStream part, int maxChars) throws IOException, SAXException {
        SharedTexts handler = new SharedTexts(maxChars);
        try {
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(handler);
            reader.parse(new InputSource(part));
            return handler.strings == null ? PackedStrings.none() : handler.strings.build();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } finally {
            if (handler.strings != null) handler.strings.close(); // after build(), nothing left to release
        }
    }

    private SAXException tooLong() {
        return new SAXException(new SheetRefused("文件中有单元格内容过长（超过" + maxChars + "个字符）"));
    }

    static PackedStrings none() {
        return PackedStrings.none();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        if (!SpreadsheetXml.isMain(uri)) return;
        switch (localName) {
            case "sst" -> {
                if (strings == null) strings = new PackedStrings.Builder(expected(attributes.getValue("uniqueCount")));
            }
            case "si" -> {
                inItem = true;
                text.setLength(0);
            }
            case "rPh" -> phonetic++;
            case "t" -> inT = inItem && phonetic == 0;
            default -> { }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (!SpreadsheetXml.isMain(uri)) return;
        switch (localName) {
            case "si" -> {
                inItem = false;
                String decoded = XmlText.decode(text.toString());
                if (decoded.length() > maxChars) throw tooLong();
                if (strings == null) strings = new PackedStrings.Builder(0);
                strings.add(decoded);
            }
            case "rPh" -> phonetic--;
            case "t" -> inT = false;
            default -> { }
        }
    }

    /** The string count the file announces: only a hint for the first allocation. */
    private static int expected(@Nullable String uniqueCount) {
        if (uniqueCount == null) return 0;
        try {
            return Math.max(0, Integer.parseInt(uniqueCount.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (!inT) return;
        // _xHHHH_ takes 7 characters for one
        if (text.length() + length > 7L * maxChars) throw tooLong();
        text.append(ch, start, length);
    }
}
