package org.xiezuo.ledger.sheet;

/** The SpreadsheetML namespaces: transitional (what Excel writes) and strict ISO 29500. */
final class SpreadsheetXml {

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final String STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main";

    private SpreadsheetXml() {}

    static boolean isMain(String uri) {
        return MAIN.equals(uri) || STRICT.equals(uri);
    }
}
