package org.xiezuo.ledger.sheet;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The workbook's shared strings, read once, read-only, as plain {@code String}s: the text of each
 * {@code <si>} (rich-text runs joined, phonetic runs left out, {@code _xHHHH_} decoded). POI's
 * {@code ReadOnlySharedStringsTable} parses the same way but wraps every lookup in a new
 * {@code XSSFRichTextString} (an XMLBeans object per string cell); here a lookup is an array read.
 */
final class SharedTexts extends DefaultHandler {

    private static final String[] NONE = new String[0];

    private final List<String> strings;
    private final StringBuilder text = new StringBuilder(64);
    private final int maxChars;
    private boolean inItem;
    private boolean inT;
    private int phonetic;

    private SharedTexts(int maxChars) {
        this.strings = new ArrayList<>();
        this.maxChars = maxChars;
    }

    /** The strings of a sharedStrings part, or none when the workbook has no such part. */
    static String[] read(InputStream part, int maxChars) throws IOException, SAXException {
        SharedTexts handler = new SharedTexts(maxChars);
        try {
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(handler);
            reader.parse(new InputSource(part));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return handler.strings.toArray(NONE);
    }

    private SAXException tooLong() {
        return new SAXException(new SheetRefused("文件中有单元格内容过长（超过" + maxChars + "个字符）"));
    }

    static String[] none() {
        return NONE;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        if (!SpreadsheetXml.isMain(uri)) return;
        switch (localName) {
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
                strings.add(decoded);
            }
            case "rPh" -> phonetic--;
            case "t" -> inT = false;
            default -> { }
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
