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

/** What {@code workbook.xml} says: the sheets in tab order with their visibility and relationship id, and the date system. */
final class WorkbookIndex extends DefaultHandler {

    /** One {@code <sheet>}: name, {@code r:id}, and whether it is hidden or very hidden. */
    record SheetEntry(String name, String relationId, boolean hidden) {}

    final List<SheetEntry> sheets = new ArrayList<>();
    boolean date1904;

    static WorkbookIndex read(InputStream workbook) throws IOException, SAXException {
        WorkbookIndex index = new WorkbookIndex();
        try {
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(index);
            reader.parse(new InputSource(workbook));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return index;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        if (!SpreadsheetXml.isMain(uri)) return;
        if (localName.equals("workbookPr")) {
            String value = attributes.getValue("date1904");
            date1904 = "1".equals(value) || "true".equals(value);
        } else if (localName.equals("sheet")) {
            String name = attributes.getValue("name");
            String state = attributes.getValue("state");
            String relationId = null;
            for (int i = 0; i < attributes.getLength(); i++) {
                if (attributes.getLocalName(i).equals("id") && !attributes.getURI(i).isEmpty()) {
                    relationId = attributes.getValue(i);
                }
            }
            if (name != null && relationId != null) {
                sheets.add(new SheetEntry(name, relationId, state != null && !state.equals("visible")));
            }
        }
    }
}
