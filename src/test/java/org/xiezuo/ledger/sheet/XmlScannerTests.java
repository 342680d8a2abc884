package org.xiezuo.ledger.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.util.XMLHelper;
import org.junit.jupiter.api.Test;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * {@link XmlScanner} against the JDK's SAX parser as the import configures it ({@code XMLHelper}): for
 * each document both give the same events — element namespace and local name, the attributes the
 * sheet reader asks for, the character data between — or both find it malformed. Plus the values
 * themselves for the cases that matter (prefixes, entities, surrogate pairs, CDATA, line ends).
 */
class XmlScannerTests {

    private static final String MAIN = SpreadsheetXml.MAIN;
    private static final String STRICT = SpreadsheetXml.STRICT;
    private static final String[] NAMESPACES = {MAIN, STRICT};
    private static final String[] NAMES = {"worksheet", "sheetData", "row", "c", "v", "t", "is", "a", "b"};
    private static final String[] ATTRIBUTES = {"r", "s", "t", "x:r", "xml:space", "b", "p:b", "q:b"};
    private static final String MALFORMED = "malformed";
    private static final String FALLBACK = "for Xerces";

    // ------------------------------------------------------------------ the two readers

    static List<String> scanned(byte[] document) {
        List<String> events = new ArrayList<>();
        try {
            XmlScanner xml = new XmlScanner(new ByteArrayInputStream(document), NAMESPACES, NAMES);
            if (!xml.isUtf8()) return List.of(FALLBACK);
            StringBuilder text = new StringBuilder();
            xml.collect(text);
            while (true) {
                int event = xml.next();
                if (event == XmlScanner.TEXT) continue;
                if (!text.isEmpty()) events.add("text " + text);
                text.setLength(0);
                if (event == XmlScanner.DONE) return events;
                String element = xml.namespace() + ":" + xml.name();
                if (event == XmlScanner.START) {
                    StringBuilder start = new StringBuilder("<" + element);
                    for (String attribute : ATTRIBUTES) {
                        CharSequence value = xml.value(attribute.getBytes(StandardCharsets.US_ASCII));
                        if (value != null) start.append(' ').append(attribute).append("=[").append(value).append(']');
                    }
                    events.add(start.toString());
                } else {
                    events.add("</" + element);
                }
            }
        } catch (XmlScanner.Malformed e) {
            events.add(MALFORMED);
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parsed(byte[] document) {
        List<String> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        DefaultHandler handler = new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                flush();
                StringBuilder start = new StringBuilder("<" + element(uri, localName));
                for (String attribute : ATTRIBUTES) {
                    String value = attributes.getValue(attribute);
                    if (value != null) start.append(' ').append(attribute).append("=[").append(value).append(']');
                }
                events.add(start.toString());
            }

            @Override
            public void endElement(String uri, String localName, String qName) {
                flush();
                events.add("</" + element(uri, localName));
            }

            @Override
            public void characters(char[] ch, int start, int length) {
                text.append(ch, start, length);
            }

            private void flush() {
                if (!text.isEmpty()) events.add("text " + text);
                text.setLength(0);
            }
        };
        try {
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(handler);
            reader.parse(new InputSource(new ByteArrayInputStream(document)));
        } catch (SAXException e) {
            events.add(MALFORMED);
        } catch (IOException e) {
            events.add("I/O: " + e); // an unknown encoding, say: the reader refuses the file as no workbook
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    private static String element(String uri, String localName) {
        return List.of(NAMESPACES).indexOf(uri) + ":" + List.of(NAMES).indexOf(localName);
    }

    private static byte[] bytes(String before, byte bad, String after) {
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        document.writeBytes(utf8(before));
        document.write(bad);
        document.writeBytes(utf8(after));
        return document.toByteArray();
    }

    private static byte[] utf8(String document) {
        return document.getBytes(StandardCharsets.UTF_8);
    }

    /** Both readers give the same events; answers them. */
    private static List<String> same(byte[] document) {
        List<String> scanned = scanned(document);
        assertThat(scanned).as("scanned, not left to Xerces").doesNotContain(FALLBACK);
        assertThat(scanned).isEqualTo(parsed(document));
        return scanned;
    }

    private static List<String> same(String document) {
        return same(utf8(document));
    }

    /** Both readers find the document malformed (or the scanner leaves it to Xerces, which does). */
    private static void malformed(byte[] document) {
        List<String> scanned = scanned(document);
        List<String> parsed = parsed(document);
        assertThat(parsed).as("Xerces on %s", new String(document, StandardCharsets.UTF_8)).endsWith(MALFORMED);
        if (scanned.equals(List.of(FALLBACK))) return;
        assertThat(scanned).as("scanner on %s", new String(document, StandardCharsets.UTF_8)).endsWith(MALFORMED);
    }

    private static void malformed(String document) {
        malformed(utf8(document));
    }

    // ------------------------------------------------------------------ well-formed documents

    @Test
    void prefixedElementsResolveThroughTheirDeclarations() {
        List<String> events = same("<x:worksheet xmlns:x=\"" + MAIN + "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t='s'>"
                + "<x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>");

        assertThat(events).containsExactly("<0:0", "<0:1", "<0:2 r=[1]", "<0:3 r=[A1] t=[s]", "<0:4", "text 0", "</0:4",
                "</0:3", "</0:2", "</0:1", "</0:0");
    }

    @Test
    void bindingsAreScopedAndTheDefaultNamespaceCanChangeOrBeUndeclared() {
        List<String> events = same("<worksheet xmlns=\"" + MAIN + "\" xmlns:x=\"urn:other\"><x:c/><a xmlns=\"urn:other\"><c/></a>"
                + "<b xmlns=\"\"><c/></b><x:row xmlns:x=\"" + STRICT + "\"><x:c/></x:row><x:row/><c/></worksheet>");

        assertThat(events).containsExactly("<0:0", "<-1:3", "</-1:3", "<-1:7", "<-1:3", "</-1:3", "</-1:7", "<-1:8", "<-1:3",
                "</-1:3", "</-1:8", "<1:2", "<1:3", "</1:3", "</1:2", "<-1:2", "</-1:2", "<0:3", "</0:3", "</0:0");
    }

    @Test
    void attributesInAnyQuotesWithSpacesAroundTheEqualsSignAreDecodedAndNormalised() {
        List<String> events = same("<c r = 'A&amp;1'\n s=\"&#x9;x&#10;y\tz\r\nw\rv\" t='&quot;&apos;&lt;&gt;' xml:space=\"preserve\""
                + " x:r=\"prefixed\" xmlns:x=\"urn:x\" b='\"'/>");

        assertThat(events).containsExactly("<-1:3 r=[A&1] s=[\tx\ny z w v] t=[\"'<>] x:r=[prefixed] xml:space=[preserve] b=[\"]",
                "</-1:3");
    }

    @Test
    void textDecodesEntitiesAndCharacterReferencesIncludingSupplementaryCharacters() {
        List<String> events = same("<v>&lt;&gt;&amp;&quot;&apos;&#65;&#x4E2D;&#x4e2d;&#x1F600;&#128512;&#0065;中😀</v>");

        assertThat(events).containsExactly("<-1:4", "text <>&\"'A中中\uD83D\uDE00\uD83D\uDE00A中\uD83D\uDE00", "</-1:4");
    }

    @Test
    void cdataCommentsProcessingInstructionsAndLineEnds() {
        List<String> events = same("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<!-- before -->"
                + "<?pi data?><v>a<![CDATA[<b>&amp;]]]]><!-- in - text --><?p?>\r\nc\rd<![CDATA[e\r\nf]]></v >"
                + "<!-- after --><?end ?> \n");

        assertThat(events).containsExactly("<-1:4", "text a<b>&amp;]]\nc\nde\nf", "</-1:4");
        same("<a><?a:b x?><!----><!-- - --><?xmlfoo ?></a>");
    }

    @Test
    void oddButWellFormedNamesAsTheJdkParserReadsThem() {
        same("<:a/>");
        same("<a :b='1' b=''/>");
        same("<a·/>");
        same("<é/>");
        same("<a xmlns:xml='http://www.w3.org/XML/1998/namespace' b='1' xmlns:p='u' p:b='2'/>");
        same("<a>\u007f\u0085&#x7f;</a>");
    }

    @Test
    void aByteOrderMarkAndNoDeclarationAreUtf8() {
        byte[] bom = utf8("\uFEFF<v>bom</v>");
        assertThat(bom[0]).isEqualTo((byte) 0xEF);

        assertThat(same(bom)).containsExactly("<-1:4", "text bom", "</-1:4");
        assertThat(same(" \n<v/>")).containsExactly("<-1:4", "</-1:4");
    }

    @Test
    void textAndTagsAcrossBufferBoundariesComeOutWhole() {
        StringBuilder document = new StringBuilder("<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
        for (int i = 0; i < 20_000; i++) {
            document.append("<row r=\"").append(i + 1).append("\"><c r=\"A").append(i + 1).append("\" s=\"").append(i % 7)
                    .append("\"><v>中a&amp;😀\r\n").append(i).append("</v></c><c><is><t><![CDATA[x]]>&#x1F600;</t></is></c></row>");
        }
        document.append("<c><v>");
        document.append("长文本😀&lt;\r\n".repeat(30_000));
        document.append("</v></c></sheetData></worksheet>");

        List<String> events = same(document.toString());

        assertThat(events).hasSize(2 + 20_000 * 14 + 7);
        assertThat(events.get(events.size() - 5)).hasSize(5 + 30_000 * 7);
    }

    @Test
    void otherEncodingsAndVersionsAreLeftToXerces() throws IOException {
        String body = "<v>中文</v>";
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + body).getBytes(StandardCharsets.UTF_16));

        assertThat(scanned(utf16.toByteArray())).containsExactly(FALLBACK);
        assertThat(parsed(utf16.toByteArray())).containsExactly("<-1:4", "text 中文", "</-1:4");
        assertThat(scanned(("<?xml version=\"1.0\" encoding=\"GBK\"?>" + body).getBytes("GBK"))).containsExactly(FALLBACK);
        assertThat(scanned(utf8("<?xml version=\"1.1\"?>" + body))).containsExactly(FALLBACK);
        assertThat(scanned(body.getBytes(StandardCharsets.UTF_16LE))).containsExactly(FALLBACK);
        assertThat(scanned(new byte[0])).containsExactly(FALLBACK);
        assertThat(parsed(new byte[0])).containsExactly(MALFORMED);
    }

    @Test
    void limitsOfTheJdkParserHoldToo() {
        String name = "a".repeat(XmlScanner.MAX_NAME);
        same("<" + name + "/>");
        malformed("<" + name + "a/>");
        same("<v " + name + "=''/>");
        malformed("<v " + name + "a=''/>");
        same("<p:" + name + " xmlns:p='urn:p'/>");
        malformed("<p:" + name + "a xmlns:p='urn:p'/>");
        same("<" + name + ":b xmlns:" + name + "='urn:p'/>");
        malformed("<" + name + "a:b xmlns:" + name + "a='urn:p'/>");
        same("<v p:" + name + "='' xmlns:p='urn:p'/>");
        malformed("<v p:" + name + "a='' xmlns:p='urn:p'/>");
        same("<" + "é".repeat(XmlScanner.MAX_NAME) + "/>");
        malformed("<" + "é".repeat(XmlScanner.MAX_NAME + 1) + "/>");
        malformed("<a😀/>");
        malformed("<a×/>");
        malformed(bytes("<a", (byte) 0xC3, "/>"));
        malformed(bytes("<a", (byte) 0xFF, "/>"));
        same("<中文 属性='值'/>");
        same("<v><?" + name + "?></v>");
        malformed("<v><?" + name + "a?></v>");
        StringBuilder many = new StringBuilder("<v");
        for (int i = 0; i < XmlScanner.MAX_ATTRIBUTES; i++) many.append(" a").append(i).append("=''");
        same(many + "/>");
        malformed(many + " z=''/>");
    }

    /**
     * Random edits of a small sheet — a byte replaced by one that matters to XML, deleted, or a slice
     * repeated — read both ways: both find the same events, or both find the document malformed.
     */
    @Test
    void randomEditsOfASheetReadTheSameBothWays() {
        randomEdits("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<!-- c -->"
                + "<x:worksheet xmlns:x=\"" + MAIN + "\" xmlns:r=\"urn:r\"><x:sheetData><x:row r=\"1\" hidden='1'>"
                + "<x:c r=\"A1\" t=\"s\" s=\"2\"><x:v>12</x:v></x:c><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:r><x:t xml:space=\"preserve\">"
                + "中 &amp;&#x1F600;&lt;</x:t></x:r><x:rPh><x:t>ph</x:t></x:rPh></x:is></x:c><x:c r=\"C1\"><x:f>A1&amp;B1</x:f>"
                + "<x:v><![CDATA[1<2]]></x:v></x:c></x:row><?pi x?></x:sheetData></x:worksheet>\n");
    }

    @Test
    void randomEditsOfAttributesAndNamespacesReadTheSameBothWays() {
        randomEdits("\uFEFF<?xml version='1.0'?><worksheet xmlns='" + STRICT + "'><sheetData><row r = '2'\t><c\nr=\"A&#50;\" "
                + "t='s' s=\"&#x31;\"/><c xmlns:p='urn:p' xmlns:q='urn:q' p:b='1' q:b=\"&quot;2&apos;\" b='3'><v>4</v></c>"
                + "<a xmlns=''><c r='Z9'/></a><p:row xmlns:p='" + MAIN + "'><p:c r='B2'><p:v>5</p:v></p:c></p:row></row>"
                + "<!----></sheetData></worksheet><!-- end -->");
    }

    /**
     * Random edits of {@code sheet} — a byte replaced by one that matters to XML, deleted, or a slice
     * repeated — read both ways: both find the same events, or both find the document malformed, or the
     * scanner leaves it to Xerces.
     */
    private static void randomEdits(String sheet) {
        byte[] original = utf8(sheet);
        byte[] interesting = utf8("<>&;\"'/!?[]:= \r\nx#-");
        byte[] odd = {1, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xED, 0};
        // a fixed seed; -Dscanner.seed and -Dscanner.rounds for a longer hunt
        java.util.Random random = new java.util.Random(Long.getLong("scanner.seed", 20261129L));
        int rounds = Integer.getInteger("scanner.rounds", 3000);
        int malformed = 0;
        for (int round = 0; round < rounds; round++) {
            byte[] document = original.clone();
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                int at = random.nextInt(document.length);
                switch (random.nextInt(4)) {
                    case 0 -> document[at] = interesting[random.nextInt(interesting.length)];
                    case 1 -> document[at] = odd[random.nextInt(odd.length)];
                    case 2 -> {
                        byte[] shorter = new byte[document.length - 1];
                        System.arraycopy(document, 0, shorter, 0, at);
                        System.arraycopy(document, at + 1, shorter, at, document.length - at - 1);
                        document = shorter;
                    }
                    default -> {
                        int length = Math.min(1 + random.nextInt(12), document.length - at);
                        ByteArrayOutputStream longer = new ByteArrayOutputStream();
                        longer.write(document, 0, at + length);
                        longer.write(document, at, document.length - at);
                        document = longer.toByteArray();
                    }
                }
            }
            List<String> parsed = parsed(document);
            List<String> scanned = scanned(document);
            String as = "edit " + round + ": " + new String(document, StandardCharsets.UTF_8);
            if (scanned.equals(List.of(FALLBACK))) continue;
            if (parsed.contains(MALFORMED)) {
                malformed++;
                assertThat(scanned).as(as).endsWith(MALFORMED);
            } else {
                assertThat(scanned).as(as).isEqualTo(parsed);
            }
        }
        assertThat(malformed).as("malformed edits").isBetween(rounds / 3, rounds - rounds / 30);
    }

    // ------------------------------------------------------------------ malformed documents

    @Test
    void truncatedOrMismatchedDocumentsAreMalformed() {
        malformed("<worksheet><v>1</v>");
        malformed("<worksheet><c r=\"A1");
        malformed("<worksheet><c r=\"A1\"");
        malformed("<a><b></a></b>");
        malformed("<a></b>");
        malformed("<a/></a>");
        malformed("<a/><b/>");
        malformed("<a/>text");
        malformed("text<a/>");
        malformed("<a><!-- open</a>");
        malformed("<a><![CDATA[open</a>");
        malformed("<a>&amp");
        malformed(" ");
    }

    @Test
    void badReferencesAreMalformed() {
        for (String reference : List.of("&foo;", "&amp", "&#xZZ;", "&#;", "&#x;", "&#X41;", "&#0;", "&#1;", "&#xD800;",
                "&#xFFFE;", "&#x110000;", "&#99999999999;", "& amp;", "&lt ;")) {
            malformed("<a>" + reference + "</a>");
            malformed("<a b=\"" + reference + "\"/>");
        }
        assertThat(same("<a>&#" + "0".repeat(60_000) + "65;</a>")).containsExactly("<-1:7", "text A", "</-1:7");
        assertThat(scanned(utf8("<a>&#" + "0".repeat(70_000) + "65;</a>"))).containsExactly("<-1:7", MALFORMED);
    }

    @Test
    void badTagsAreMalformed() {
        malformed("<a b=\"<\"/>");
        malformed("<a b=c/>");
        malformed("<a b=\"1\" b=\"2\"/>");
        malformed("<a xmlns:p=\"u\" xmlns:q=\"u\" p:b=\"1\" q:b=\"2\"/>");
        malformed("<p:a/>");
        malformed("<a p:b=\"1\"/>");
        malformed("<a xmlns:p=\"\"/>");
        malformed("<a b=\"1\"c=\"2\"/>");
        malformed("< a/>");
        malformed("<a b/>");
        malformed("<a / >");
        malformed("<a:b:c xmlns:a=\"u\"/>");
        malformed("<a:/>");
        malformed("<a xmlns:a='u'><a:/></a>");
        malformed("<a b:='1' xmlns:b='u'/>");
        malformed("<a xmlns:x='http://www.w3.org/XML/1998/namespace'/>");
        malformed("<a xmlns='http://www.w3.org/XML/1998/namespace'/>");
        malformed("<a xmlns:p='http://www.w3.org/2000/xmlns/'/>");
        malformed("<xmlns:a/>");
        malformed("<a xmlns:xmlns='u'/>");
        malformed("<a xml:b='1' xml:b='2'/>");
        malformed("<a><?x\u0001?></a>");
        malformed("<1a/>");
        malformed("<a>]]></a>");
        malformed("<a><!-- a -- b --></a>");
        malformed("<!DOCTYPE a><a/>");
        malformed("<a><!DOCTYPE a></a>");
        malformed("<![CDATA[x]]><a/>");
        malformed(" <?xml version=\"1.0\"?><a/>");
        malformed("<a/><?xml version=\"1.0\"?>");
        malformed("<a><?XmL x?></a>");
        malformed("<a></a >x");
    }

    @Test
    void charactersXmlDoesNotAllowAndBadUtf8AreMalformed() {
        malformed("<a>\u0001</a>");
        malformed("<a b=\"\u0001\"/>");
        malformed("<a><!-- \u0001 --></a>");
        malformed("<a>\uFFFE</a>");
        for (byte[] bad : List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xC3, 'x'},
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0x80})) {
            ByteArrayOutputStream document = new ByteArrayOutputStream();
            document.writeBytes(utf8("<a>"));
            document.writeBytes(bad);
            document.writeBytes(utf8("</a>"));
            malformed(document.toByteArray());
        }
    }
}
