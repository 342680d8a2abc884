package org.xiezuo.ledger.sheet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A strict, non-validating XML 1.0 pull scanner over UTF-8 bytes, for the two big parts of a workbook
 * (the worksheet and the shared strings). Why not the JDK's SAX parser: on a 100,000-row sheet about half
 * of the import's parse time went into Xerces' general machinery (symbol tables, attribute objects,
 * augmentations, a {@code String} per attribute value) for a document of a dozen element names. Here an
 * element is answered as two small numbers (its namespace and its local name among the ones the caller
 * asked for), attribute values are read in place, as a reused {@link CharSequence}, and character data is
 * decoded only while the caller collects it ({@link #collect}).
 *
 * <p>What it checks, as a conforming parser must: well-formed tags (attributes separated by white space,
 * quoted, no {@code <} in a value, no attribute twice — also as namespace URI and local name), end tags
 * matching their start, one root element, only white space, comments and processing instructions around
 * it, namespace prefixes declared in scope ({@code xml} predeclared; empty prefixed bindings and the
 * reserved prefixes refused), the five predefined entities and character references to XML characters
 * only, UTF-8 byte sequences and XML characters everywhere, no end of a CDATA section in text, no {@code --} in a
 * comment, no processing instruction named {@code xml} after the start. Line ends are normalised as XML
 * requires; attribute values are normalised as for CDATA attributes (there is no DTD). It also keeps the
 * JDK parser's secure-processing limits that a sheet could reach: names (prefix and local part each) of at
 * most {@value #MAX_NAME} characters and at most {@value #MAX_ATTRIBUTES} attributes on an element. A
 * document type declaration is refused as malformed ({@code SafeArchive} refuses it before any parse).
 * Where it is stricter than the JDK's parser, knowingly and only for crafted files: a reference in text
 * longer than the buffer (64 KB of leading zeros) and non-ASCII name characters outside letters, digits
 * and marks are refused; where it may be laxer: a few BMP letters the JDK's XML 1.0 name tables leave out.
 *
 * <p>What it leaves to Xerces: anything not plainly UTF-8 XML 1.0 — a declaration naming another
 * encoding or another version, a UTF-16 or UCS-4 byte order mark or first bytes that are not {@code <} or
 * white space. {@link #isUtf8()} says so before the first event, and {@link #unread()} gives the whole
 * document back for the fallback parse.
 *
 * <p>Use: {@link #next} until {@link #DONE}. After {@link #START} and {@link #END}, {@link #namespace()}
 * and {@link #name()} identify the element; after {@link #START} its attributes are read with
 * {@link #attribute} / {@link #value}, valid until the next call of {@link #next}. While a sink is set,
 * character data (CDATA sections included) is appended to it and each piece ends with a {@link #TEXT}
 * event, at most a buffer long, so the caller can bound what it collects. Malformed input throws
 * {@link Malformed}; nothing is reported after it.
 */
final class XmlScanner {

    static final int START = 1;
    static final int END = 2;
    static final int TEXT = 3;
    static final int DONE = 4;

    /** The JDK parser's {@code jdk.xml.maxXMLNameLimit} under secure processing, as POI configures it. */
    static final int MAX_NAME = 1000;
    /** The JDK parser's {@code jdk.xml.elementAttributeLimit} under secure processing. */
    static final int MAX_ATTRIBUTES = 10_000;

    private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    private static final String XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
    private static final byte[] XML = {'x', 'm', 'l'};
    private static final byte[] XMLNS = {'x', 'm', 'l', 'n', 's'};
    private static final byte[] EMPTY = {};
    private static final int BUFFER = 1 << 16;

    /** The document is not well-formed; the message is for logs, never for the user. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final InputStream in;
    private final String[] namespaces;
    private final byte[][] names;
    /** The indexes of {@link #names} by their first (ASCII) byte. */
    private final int[][] byFirstByte = new int[128][];

    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private final boolean utf8;

    // the element stack: qualified names (bytes, back to back), namespace and name indexes, bindings in scope
    private byte[] qnames = new byte[256];
    private int[] qnameStart = new int[32];
    private int[] elementNamespace = new int[32];
    private int[] elementName = new int[32];
    private int[] bindingsBefore = new int[32];
    private int depth;
    private boolean rootSeen;
    private boolean selfClosed;

    // namespace bindings in scope, innermost last
    private byte[][] bindPrefix = new byte[8][];
    private String[] bindUri = new String[8];
    private int[] bindNamespace = new int[8];
    private int bindings;

    // the current event
    private int namespace = -1;
    private int name = -1;

    // the attributes of the current start tag: offsets into buf
    private int attributes;
    private int[] attrNameStart = new int[16];
    private int[] attrNameEnd = new int[16];
    private int[] attrColon = new int[16];
    private int[] attrValueStart = new int[16];
    private int[] attrValueEnd = new int[16];
    private boolean[] attrPlain = new boolean[16];

    private @Nullable StringBuilder sink;
    private final char[] chars = new char[8192];
    private int charCount;
    private final Value value = new Value();

    /** Set by the reference and UTF-8 decoders: where the decoded text ends. */
    private int next;

    /**
     * Reads the start of {@code in} to see whether it is for this scanner. {@code namespaces} and
     * {@code names}: the namespace URIs and local names {@link #namespace()} and {@link #name()} answer
     * indexes of (-1 for any other).
     */
    XmlScanner(InputStream in, String[] namespaces, String[] names) throws IOException {
        this.in = in;
        this.namespaces = namespaces;
        this.names = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
            this.names[i] = name;
            if (name.length > 0 && name[0] >= 0) {
                int[] was = byFirstByte[name[0]];
                int[] now = was == null ? new int[1] : Arrays.copyOf(was, was.length + 1);
                now[now.length - 1] = i;
                byFirstByte[name[0]] = now;
            }
        }
        bind(XML, XML_NAMESPACE);
        fill(1024);
        utf8 = prolog();
    }

    /** Whether the document is UTF-8 XML 1.0 this scanner reads; if not, {@link #unread()} goes to Xerces. */
    boolean isUtf8() {
        return utf8;
    }

    /** The whole document from its first byte, for another parser: only before the first {@link #next}. */
    InputStream unread() {
        return new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(buf, limit)), in);
    }

    /** Character data goes to {@code text} from now on; null: checked and dropped. */
    void collect(@Nullable StringBuilder text) {
        sink = text;
    }

    /** The namespace of the element of the current event, as an index of the constructor's URIs, or -1. */
    int namespace() {
        return namespace;
    }

    /** The local name of the element of the current event, as an index of the constructor's names, or -1. */
    int name() {
        return name;
    }

    // ------------------------------------------------------------------ the prolog

    /**
     * Skips a UTF-8 byte order mark and reads the XML declaration when there is one; false (nothing
     * consumed) when the document is for Xerces.
     */
    private boolean prolog() {
        int p = 0;
        if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) p = 3;
        if (p >= limit) return false;
        byte first = buf[p];
        if (first != '<') return p == 0 && isSpace(first) && limit > 1 && buf[1] != 0;
        if (p + 1 < limit && buf[p + 1] == 0) return false; // UTF-16LE without a byte order mark
        if (!(limit - p >= 6 && buf[p + 1] == '?' && buf[p + 2] == 'x' && buf[p + 3] == 'm' && buf[p + 4] == 'l'
                && isSpace(buf[p + 5]))) {
            pos = p;
            return true;
        }
        // <?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"] ?>
        int at = p + 5;
        String[] keys = {"version", "encoding", "standalone"};
        String version = null;
        String encoding = null;
        int key = 0;
        while (true) {
            int spaced = at;
            while (at < limit && isSpace(buf[at])) at++;
            if (at + 1 < limit && buf[at] == '?' && buf[at + 1] == '>') {
                if (version == null || !version.equals("1.0")) return false;
                if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) return false;
                pos = at + 2;
                return true;
            }
            if (at == spaced) return false;
            int nameStart = at;
            while (at < limit && buf[at] >= 'a' && buf[at] <= 'z') at++;
            String pseudo = new String(buf, nameStart, at - nameStart, StandardCharsets.US_ASCII);
            while (key < keys.length && !keys[key].equals(pseudo)) key++;
            if (key == keys.length || key > 0 && version == null) return false;
            while (at < limit && isSpace(buf[at])) at++;
            if (at >= limit || buf[at] != '=') return false;
            at++;
            while (at < limit && isSpace(buf[at])) at++;
            if (at >= limit || buf[at] != '"' && buf[at] != '\'') return false;
            byte quote = buf[at++];
            int valueStart = at;
            while (at < limit && buf[at] != quote && buf[at] > ' ' && buf[at] != '<' && buf[at] != '?') at++;
            if (at >= limit || buf[at] != quote) return false;
            String text = new String(buf, valueStart, at - valueStart, StandardCharsets.US_ASCII);
            at++;
            switch (key) {
                case 0 -> version = text;
                case 1 -> encoding = text;
                default -> {
                    if (!text.equals("yes") && !text.equals("no")) return false;
                }
            }
            key++;
        }
    }

    // ------------------------------------------------------------------ events

    /** The next event: {@link #START}, {@link #END}, {@link #TEXT} (only while collecting) or {@link #DONE}. */
    int next() throws IOException, Malformed {
        if (!utf8) throw new IllegalStateException("not for this scanner");
        attributes = 0;
        if (selfClosed) {
            selfClosed = false;
            pop();
            return END;
        }
        while (true) {
            if (pos >= limit && !fill(1)) {
                if (depth > 0 || !rootSeen) throw new Malformed("premature end of the document");
                return DONE;
            }
            if (buf[pos] != '<') {
                if (depth == 0) {
                    outside();
                    continue;
                }
                if (text()) return TEXT;
                continue;
            }
            if (!ensure(2)) throw new Malformed("premature end of the document");
            byte second = buf[pos + 1];
            if (second == '/') {
                endTag();
                return END;
            } else if (second == '?') {
                processingInstruction();
            } else if (second == '!') {
                if (bang()) return TEXT;
            } else {
                startTag();
                return START;
            }
        }
    }

    /** White space between the top-level markup; anything else there is malformed. */
    private void outside() throws IOException, Malformed {
        while (true) {
            if (pos >= limit && !fill(1)) return;
            byte b = buf[pos];
            if (b == '<') return;
            if (!isSpace(b)) throw new Malformed(rootSeen ? "content after the root element" : "content before the root element");
            pos++;
        }
    }

    // ------------------------------------------------------------------ tags

    private void startTag() throws IOException, Malformed {
        if (depth == 0 && rootSeen) throw new Malformed("a second root element");
        int end = tagEnd();
        int p = pos + 1;
        int qnameStart = p;
        p = qname(p, end);
        int colon = lastColon;
        int qnameEnd = p;
        int before = bindings;
        boolean close = false;
        while (true) {
            int spaced = p;
            while (isSpace(buf[p])) p++;
            if (buf[p] == '>') break;
            if (buf[p] == '/') {
                if (p + 1 != end) throw new Malformed("'/' in a start tag");
                close = true;
                break;
            }
            if (p == spaced) throw new Malformed("attributes not separated by white space");
            p = attribute(p, end);
        }
        pos = end + 1;
        namespaces();
        // the element's own namespace
        int prefixLength = colon < 0 ? 0 : colon - qnameStart;
        int binding = lookup(buf, qnameStart, prefixLength);
        if (binding < 0) {
            if (colon >= 0) throw new Malformed("unbound element prefix");
            namespace = -1;
        } else {
            if (colon >= 0 && bindUri[binding].isEmpty()) throw new Malformed("unbound element prefix");
            namespace = bindNamespace[binding];
        }
        if (colon >= 0 && same(buf, qnameStart, colon - qnameStart, XMLNS)) throw new Malformed("element with the xmlns prefix");
        name = nameIndex(colon < 0 ? qnameStart : colon + 1, qnameEnd);
        push(qnameStart, qnameEnd, before);
        rootSeen = true;
        selfClosed = close;
    }

    /** The {@code >} closing the tag at {@code pos}: the whole tag is then in the buffer. */
    private int tagEnd() throws IOException, Malformed {
        int i = pos + 1;
        byte quote = 0;
        while (true) {
            if (i >= limit) {
                int offset = i - pos;
                if (!fill(offset + 1)) throw new Malformed("premature end of the document in a tag");
                i = pos + offset;
            }
            byte b = buf[i];
            if (b == '<') throw new Malformed("'<' in a tag");
            if (quote != 0) {
                if (b == quote) quote = 0;
            } else if (b == '"' || b == '\'') {
                quote = b;
            } else if (b == '>') {
                return i;
            }
            i++;
        }
    }

    /** Where the colon of the last {@link #qname} is, or -1. */
    private int lastColon;

    /**
     * Reads a qualified name from {@code p}; answers where it ends, and sets {@link #lastColon}. The JDK's
     * name limit holds for the prefix and the local part each.
     */
    private int qname(int p, int end) throws Malformed {
        int start = p;
        if (!isNameStart(buf[p])) throw new Malformed("a name expected");
        int colons = 0;
        int count = 0;
        int prefix = 0;
        lastColon = -1;
        boolean first = true; // the name's first character, or the local part's
        while (p < end) {
            byte b = buf[p];
            if (b >= 0) {
                if (!isNameChar(b)) break;
                if (first && p > start && !isNameStart(b) || b == ':' && first && p > start) {
                    throw new Malformed("a local name that does not start with a letter");
                }
                first = false;
                if (b == ':') {
                    colons++;
                    lastColon = p;
                    prefix = Math.max(prefix, count);
                    count = -1;
                    first = p > start;
                }
                count++;
            } else {
                int code = utf8(p, end);
                if (!isNameLetter(code) || first && !(Character.isLetter(code) || Character.getType(code) == Character.LETTER_NUMBER)) {
                    throw new Malformed("a character not allowed in a name");
                }
                first = false;
                count++;
                p = next;
                continue;
            }
            p++;
        }
        if (count > MAX_NAME || prefix > MAX_NAME) throw new Malformed("a name over " + MAX_NAME + " characters");
        if (buf[start] == ':' && colons == 1) {
            lastColon = -1; // as the JDK's parser reads it: no prefix, the colon part of the local name
        } else if (colons > 1 || colons == 1 && (buf[start] == ':' || buf[p - 1] == ':')) {
            throw new Malformed("not a qualified name");
        }
        return p;
    }

    /** One attribute from {@code p} (its name); answers where it ends. */
    private int attribute(int p, int end) throws Malformed {
        int nameStart = p;
        p = qname(p, end);
        int nameEnd = p;
        int colon = lastColon;
        while (isSpace(buf[p])) p++;
        if (buf[p] != '=') throw new Malformed("'=' expected after an attribute name");
        p++;
        while (isSpace(buf[p])) p++;
        byte quote = buf[p];
        if (quote != '"' && quote != '\'') throw new Malformed("attribute value without quotes");
        int valueStart = ++p;
        boolean plain = true;
        while (true) {
            if (p >= end) throw new Malformed("an attribute value without its closing quote");
            byte b = buf[p];
            if (b == quote) break;
            if (b >= 0x20 && b != '&') {
                p++;
            } else if (b == '&') {
                reference(p, end);
                p = next;
                plain = false;
            } else if (b < 0) {
                utf8(p, end);
                p = next;
            } else if (b == '\t' || b == '\n' || b == '\r') {
                plain = false;
                p++;
            } else {
                throw new Malformed("a character XML does not allow");
            }
        }
        int valueEnd = p++;
        byte first = buf[nameStart];
        for (int a = 0; a < attributes; a++) {
            if (buf[attrNameStart[a]] == first && same(buf, attrNameStart[a], attrNameEnd[a], nameStart, nameEnd)) {
                throw new Malformed("an attribute twice");
            }
        }
        if (attributes == MAX_ATTRIBUTES) throw new Malformed("more than " + MAX_ATTRIBUTES + " attributes");
        if (attributes == attrNameStart.length) growAttributes();
        attrNameStart[attributes] = nameStart;
        attrNameEnd[attributes] = nameEnd;
        attrColon[attributes] = colon;
        attrValueStart[attributes] = valueStart;
        attrValueEnd[attributes] = valueEnd;
        attrPlain[attributes] = plain;
        attributes++;
        return p;
    }

    /** The namespace declarations among the attributes, then the prefixes of the others. */
    private void namespaces() throws Malformed {
        boolean prefixed = false;
        for (int a = 0; a < attributes; a++) {
            int start = attrNameStart[a];
            int colon = attrColon[a];
            if (colon < 0 && same(buf, start, attrNameEnd[a] - start, XMLNS)) {
                String uri = value(a).toString();
                if (uri.equals(XML_NAMESPACE) || uri.equals(XMLNS_NAMESPACE)) throw new Malformed("reserved namespace as default");
                bind(EMPTY, uri);
            } else if (colon >= 0 && same(buf, start, colon - start, XMLNS)) {
                byte[] prefix = Arrays.copyOfRange(buf, colon + 1, attrNameEnd[a]);
                String uri = value(a).toString();
                boolean xml = Arrays.equals(prefix, XML);
                if (uri.isEmpty()) throw new Malformed("an empty prefixed namespace binding");
                if (Arrays.equals(prefix, XMLNS) || xml != uri.equals(XML_NAMESPACE) || uri.equals(XMLNS_NAMESPACE)) {
                    throw new Malformed("a reserved prefix or namespace");
                }
                bind(prefix, uri);
            } else if (colon >= 0) {
                prefixed = true;
            }
        }
        if (!prefixed) return;
        // prefixed attributes: bound prefixes, and no two with the same namespace and local name
        String[] uris = new String[attributes];
        for (int a = 0; a < attributes; a++) {
            int start = attrNameStart[a];
            int colon = attrColon[a];
            if (colon < 0 || same(buf, start, colon - start, XMLNS)) continue;
            int binding = lookup(buf, start, colon - start);
            if (binding < 0 || bindUri[binding].isEmpty()) throw new Malformed("unbound attribute prefix");
            uris[a] = bindUri[binding];
            for (int b = 0; b < a; b++) {
                if (uris[b] != null && uris[b].equals(uris[a])
                        && same(buf, attrColon[b] + 1, attrNameEnd[b], colon + 1, attrNameEnd[a])) {
                    throw new Malformed("an attribute twice (same namespace and local name)");
                }
            }
        }
    }

    private void endTag() throws IOException, Malformed {
        if (depth > 0) {
            // the usual case: the open element's name (checked at its start) and '>' right after it
            int top = depth - 1;
            int from = qnameStart[top];
            int length = qnameStart[top + 1] - from;
            if (ensure(length + 3) && buf[pos + 2 + length] == '>') {
                byte[] open = qnames;
                int p = pos + 2;
                int i = 0;
                while (i < length && open[from + i] == buf[p + i]) i++;
                if (i == length) {
                    pos = p + length + 1;
                    pop();
                    return;
                }
            }
        }
        int i = pos + 2;
        while (true) {
            if (i >= limit) {
                int offset = i - pos;
                if (!fill(offset + 1)) throw new Malformed("premature end of the document in an end tag");
                i = pos + offset;
            }
            byte b = buf[i];
            if (b == '>') break;
            if (b == '<') throw new Malformed("'<' in an end tag");
            i++;
        }
        int end = i;
        int start = pos + 2;
        int p = qname(start, end);
        int qnameEnd = p;
        while (isSpace(buf[p])) p++;
        if (p != end) throw new Malformed("junk in an end tag");
        if (depth == 0) throw new Malformed("an end tag without a start");
        int top = depth - 1;
        if (!same(qnames, qnameStart[top], qnameStart[top + 1], buf, start, qnameEnd)) {
            throw new Malformed("end tag does not match its start tag");
        }
        pos = end + 1;
        pop();
    }

    private void push(int qnameFrom, int qnameTo, int before) {
        if (depth + 2 > qnameStart.length) {
            int size = qnameStart.length * 2;
            qnameStart = Arrays.copyOf(qnameStart, size);
            elementNamespace = Arrays.copyOf(elementNamespace, size);
            elementName = Arrays.copyOf(elementName, size);
            bindingsBefore = Arrays.copyOf(bindingsBefore, size);
        }
        int at = qnameStart[depth];
        int length = qnameTo - qnameFrom;
        if (at + length > qnames.length) qnames = Arrays.copyOf(qnames, Math.max(qnames.length * 2, at + length));
        System.arraycopy(buf, qnameFrom, qnames, at, length);
        qnameStart[depth + 1] = at + length;
        elementNamespace[depth] = namespace;
        elementName[depth] = name;
        bindingsBefore[depth] = before;
        depth++;
    }

    /** Ends the innermost element: the current event names it, its namespace declarations go out of scope. */
    private void pop() {
        depth--;
        namespace = elementNamespace[depth];
        name = elementName[depth];
        for (int b = bindingsBefore[depth]; b < bindings; b++) {
            bindPrefix[b] = null;
            bindUri[b] = null;
        }
        bindings = bindingsBefore[depth];
    }

    private int nameIndex(int from, int to) {
        byte first = buf[from];
        if (first < 0) return -1;
        int[] candidates = byFirstByte[first];
        if (candidates == null) return -1;
        int length = to - from;
        for (int n : candidates) {
            byte[] candidate = names[n];
            if (candidate.length == length && (length == 1 || same(buf, from, length, candidate))) return n;
        }
        return -1;
    }

    private void bind(byte[] prefix, String uri) {
        if (bindings == bindPrefix.length) {
            int size = bindings * 2;
            bindPrefix = Arrays.copyOf(bindPrefix, size);
            bindUri = Arrays.copyOf(bindUri, size);
            bindNamespace = Arrays.copyOf(bindNamespace, size);
        }
        int known = -1;
        for (int n = 0; n < namespaces.length; n++) {
            if (namespaces[n].equals(uri)) known = n;
        }
        bindPrefix[bindings] = prefix;
        bindUri[bindings] = uri;
        bindNamespace[bindings] = known;
        bindings++;
    }

    /** The innermost binding of the prefix of {@code length} bytes at {@code from}, or -1. */
    private int lookup(byte[] bytes, int from, int length) {
        for (int b = bindings - 1; b >= 0; b--) {
            byte[] prefix = bindPrefix[b];
            if (prefix.length == length && same(bytes, from, length, prefix)) return b;
        }
        return -1;
    }

    // ------------------------------------------------------------------ attributes of the current start tag

    /** The index of the attribute whose qualified name is {@code qname} (ASCII), or -1. */
    int attribute(byte[] qname) {
        byte first = qname[0];
        for (int a = 0; a < attributes; a++) {
            int start = attrNameStart[a];
            if (buf[start] == first && attrNameEnd[a] - start == qname.length && same(buf, start, qname.length, qname)) return a;
        }
        return -1;
    }

    /** The value of {@code qname}, or null when the tag has no such attribute: valid until the next call. */
    @Nullable CharSequence value(byte[] qname) {
        int a = attribute(qname);
        return a < 0 ? null : value(a);
    }

    /** Attribute {@code a}'s value, entities decoded and white space normalised: valid until the next call. */
    CharSequence value(int a) {
        int from = attrValueStart[a];
        int to = attrValueEnd[a];
        char[] out = value.chars;
        if (out.length < to - from) out = value.chars = new char[Math.max(to - from, out.length * 2)];
        int n = 0;
        if (attrPlain[a]) {
            for (int p = from; p < to; ) {
                byte b = buf[p];
                if (b >= 0) {
                    out[n++] = (char) b;
                    p++;
                } else {
                    n = put(out, n, utf8Unchecked(p));
                    p = next;
                }
            }
        } else {
            for (int p = from; p < to; ) {
                byte b = buf[p];
                if (b == '&') {
                    try {
                        n = put(out, n, reference(p, to));
                    } catch (Malformed checkedBefore) {
                        throw new IllegalStateException(checkedBefore);
                    }
                    p = next;
                } else if (b == '\r') {
                    out[n++] = ' ';
                    p += p + 1 < to && buf[p + 1] == '\n' ? 2 : 1;
                } else if (b == '\n' || b == '\t') {
                    out[n++] = ' ';
                    p++;
                } else if (b >= 0) {
                    out[n++] = (char) b;
                    p++;
                } else {
                    n = put(out, n, utf8Unchecked(p));
                    p = next;
                }
            }
        }
        value.length = n;
        return value;
    }

    /** A reused view of decoded characters. */
    private static final class Value implements CharSequence {
        char[] chars = new char[64];
        int length;

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) throw new IndexOutOfBoundsException(index);
            return chars[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(chars, 0, length);
        }
    }

    // ------------------------------------------------------------------ character data

    /** Text up to the next markup or the end of the buffer; true when the sink got some of it. */
    private boolean text() throws IOException, Malformed {
        StringBuilder out = sink;
        char[] cs = chars;
        int n = 0;
        boolean appended = false;
        byte[] b = buf;
        int p = pos;
        int end = limit;
        while (true) {
            if (p >= end) {
                pos = p;
                if (out != null && n > 0) {
                    out.append(cs, 0, n);
                    return true;
                }
                if (appended) return true;
                if (!fill(1)) return false;
                b = buf;
                p = pos;
                end = limit;
                continue;
            }
            byte c = b[p];
            if (c >= 0x20 && c != '<' && c != '&' && c != ']') {
                if (out != null) cs[n++] = (char) c;
                p++;
            } else if (c == '<') {
                break;
            } else {
                pos = p;
                int code = special(c);
                if (out != null && code >= 0) n = put(cs, n, code);
                b = buf;
                p = next;
                end = limit;
            }
            if (n > cs.length - 4) {
                if (out != null) out.append(cs, 0, n);
                n = 0;
                appended = true;
            }
        }
        pos = p;
        if (out != null && n > 0) {
            out.append(cs, 0, n);
            return true;
        }
        return appended;
    }

    /**
     * A byte of character data at {@code pos} that is not plain ASCII: answers the character (or -1 for
     * none) and leaves where the text goes on in {@link #next}. May refill the buffer.
     */
    private int special(byte c) throws IOException, Malformed {
        if (c < 0) {
            ensure(4);
            return utf8(pos, limit);
        }
        switch (c) {
            case '&' -> {
                int p = pos + 1;
                while (true) {
                    if (p >= limit) {
                        int offset = p - pos;
                        if (!fill(offset + 1)) throw new Malformed("premature end of the document in a reference");
                        p = pos + offset;
                    }
                    byte b = buf[p];
                    if (b == ';') break;
                    if (!(b == '#' || isNameChar(b))) throw new Malformed("a reference without ';'");
                    // no entity name is that long, and leading zeros that long only fill the memory
                    if (++p - pos > BUFFER) throw new Malformed("a reference over " + BUFFER + " bytes");
                }
                return reference(pos, p + 1);
            }
            case ']' -> {
                ensure(3);
                if (limit - pos >= 3 && buf[pos + 1] == ']' && buf[pos + 2] == '>') throw new Malformed("']]>' in text");
                next = pos + 1;
                return ']';
            }
            case '\r' -> {
                ensure(2);
                next = pos + (limit - pos >= 2 && buf[pos + 1] == '\n' ? 2 : 1);
                return '\n';
            }
            case '\n', '\t' -> {
                next = pos + 1;
                return c;
            }
            default -> throw new Malformed("a character XML does not allow");
        }
    }

    /** {@code <!} at {@code pos}: a comment, a CDATA section (true when it gave the sink text), or malformed. */
    private boolean bang() throws IOException, Malformed {
        ensure(9);
        if (limit - pos >= 4 && buf[pos + 2] == '-' && buf[pos + 3] == '-') {
            pos += 4;
            comment();
            return false;
        }
        if (limit - pos >= 9 && same(buf, pos + 2, 7, CDATA)) {
            if (depth == 0) throw new Malformed("CDATA outside the root element");
            pos += 9;
            return cdata();
        }
        if (limit - pos >= 9 && same(buf, pos + 2, 7, DOCTYPE)) throw new Malformed("a document type declaration");
        throw new Malformed("markup that is no comment or CDATA section");
    }

    private static final byte[] CDATA = {'[', 'C', 'D', 'A', 'T', 'A', '['};
    private static final byte[] DOCTYPE = {'D', 'O', 'C', 'T', 'Y', 'P', 'E'};

    private void comment() throws IOException, Malformed {
        while (true) {
            if (!ensure(3)) throw new Malformed("premature end of the document in a comment");
            byte c = buf[pos];
            if (c == '-' && buf[pos + 1] == '-') {
                if (buf[pos + 2] != '>') throw new Malformed("'--' in a comment");
                pos += 3;
                return;
            }
            if (c >= 0x20) {
                pos++;
            } else {
                checked(c);
            }
        }
    }

    /** Character data of a CDATA section, to the sink like text; true when the sink got some. */
    private boolean cdata() throws IOException, Malformed {
        StringBuilder out = sink;
        boolean appended = false;
        int n = 0;
        char[] cs = chars;
        while (true) {
            if (!ensure(3)) throw new Malformed("premature end of the document in a CDATA section");
            byte c = buf[pos];
            int code;
            if (c == ']' && buf[pos + 1] == ']' && buf[pos + 2] == '>') {
                pos += 3;
                break;
            }
            if (c >= 0x20) {
                code = c;
                pos++;
            } else {
                code = checked(c);
            }
            if (out != null) {
                n = put(cs, n, code);
                if (n > cs.length - 4) {
                    out.append(cs, 0, n);
                    n = 0;
                    appended = true;
                }
            }
        }
        if (out != null && n > 0) {
            out.append(cs, 0, n);
            appended = true;
        }
        return appended;
    }

    /** A byte in a comment, CDATA section or processing instruction that is no printable ASCII: checked, passed. */
    private int checked(byte c) throws IOException, Malformed {
        if (c < 0) {
            ensure(4);
            int code = utf8(pos, limit);
            pos = next;
            return code;
        }
        if (c == '\r') {
            ensure(2);
            pos += limit - pos >= 2 && buf[pos + 1] == '\n' ? 2 : 1;
            return '\n';
        }
        if (c == '\n' || c == '\t') {
            pos++;
            return c;
        }
        throw new Malformed("a character XML does not allow");
    }

    private void processingInstruction() throws IOException, Malformed {
        int targetStart = pos + 2;
        int i = targetStart;
        while (true) {
            if (i >= limit) {
                int offset = i - pos;
                if (!fill(offset + 1)) throw new Malformed("premature end of the document in a processing instruction");
                i = pos + offset;
            }
            byte b = buf[i];
            if (b >= 0) {
                if (!isNameChar(b)) break;
                i++;
            } else {
                int offset = i - pos;
                if (!ensure(offset + 4)) fill(offset + 1);
                i = pos + offset;
                if (!isNameLetter(utf8(i, limit))) throw new Malformed("a character not allowed in a name");
                i = next;
            }
        }
        targetStart = pos + 2;
        if (i == targetStart || !isNameStart(buf[targetStart])) throw new Malformed("a processing instruction without a target");
        if (characters(targetStart, i) > MAX_NAME) throw new Malformed("a name over " + MAX_NAME + " characters");
        if (i - targetStart == 3 && (buf[targetStart] | 0x20) == 'x' && (buf[targetStart + 1] | 0x20) == 'm'
                && (buf[targetStart + 2] | 0x20) == 'l') {
            throw new Malformed("a processing instruction named xml");
        }
        pos = i;
        if (!ensure(2)) throw new Malformed("premature end of the document in a processing instruction");
        if (buf[pos] == '?' && buf[pos + 1] == '>') {
            pos += 2;
            return;
        }
        if (!isSpace(buf[pos])) throw new Malformed("no space after a processing instruction target");
        while (true) {
            if (!ensure(2)) throw new Malformed("premature end of the document in a processing instruction");
            byte c = buf[pos];
            if (c == '?' && buf[pos + 1] == '>') {
                pos += 2;
                return;
            }
            if (c >= 0x20) {
                pos++;
            } else {
                checked(c);
            }
        }
    }

    // ------------------------------------------------------------------ references and UTF-8

    /**
     * The character of the reference at {@code p} ({@code &}), which ends before {@code end}; sets
     * {@link #next} after its {@code ;}.
     */
    private int reference(int p, int end) throws Malformed {
        int i = p + 1;
        if (i < end && buf[i] == '#') {
            i++;
            int radix = 10;
            if (i < end && buf[i] == 'x') {
                radix = 16;
                i++;
            }
            int digits = 0;
            long code = 0;
            while (i < end && buf[i] != ';') {
                int digit = Character.digit(buf[i], radix);
                if (buf[i] < 0 || digit < 0) throw new Malformed("a bad character reference");
                code = Math.min(code * radix + digit, 0x7FFF_FFFFL);
                digits++;
                i++;
            }
            if (i >= end || digits == 0) throw new Malformed("a bad character reference");
            if (!isXmlChar(code)) throw new Malformed("a character reference to a character XML does not allow");
            next = i + 1;
            return (int) code;
        }
        int nameStart = i;
        while (i < end && buf[i] != ';') i++;
        if (i >= end) throw new Malformed("a reference without ';'");
        next = i + 1;
        int length = i - nameStart;
        if (length == 2 && buf[nameStart + 1] == 't') {
            if (buf[nameStart] == 'l') return '<';
            if (buf[nameStart] == 'g') return '>';
        } else if (length == 3 && same(buf, nameStart, 3, AMP)) {
            return '&';
        } else if (length == 4 && same(buf, nameStart, 4, QUOT)) {
            return '"';
        } else if (length == 4 && same(buf, nameStart, 4, APOS)) {
            return '\'';
        }
        throw new Malformed("an undeclared entity");
    }

    private static final byte[] AMP = {'a', 'm', 'p'};
    private static final byte[] QUOT = {'q', 'u', 'o', 't'};
    private static final byte[] APOS = {'a', 'p', 'o', 's'};

    /**
     * The character whose UTF-8 sequence starts at {@code p} (a byte over 0x7F), checked as the JDK's
     * reader checks it and as an XML character; sets {@link #next}.
     */
    private int utf8(int p, int end) throws Malformed {
        int b0 = buf[p] & 0xFF;
        if (b0 >= 0xC0 && b0 < 0xE0) {
            // the JDK's reader takes C0 and C1 leads too; what they make is then checked as a character
            if (p + 1 >= end) throw new Malformed("a truncated UTF-8 sequence");
            int b1 = buf[p + 1] & 0xFF;
            if ((b1 & 0xC0) != 0x80) throw new Malformed("a bad UTF-8 sequence");
            int code = (b0 & 0x1F) << 6 | b1 & 0x3F;
            if (!isXmlChar(code)) throw new Malformed("a character XML does not allow");
            next = p + 2;
            return code;
        }
        if (b0 >= 0xE0 && b0 < 0xF0) {
            if (p + 2 >= end) throw new Malformed("a truncated UTF-8 sequence");
            int b1 = buf[p + 1] & 0xFF;
            int b2 = buf[p + 2] & 0xFF;
            if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || b0 == 0xE0 && b1 < 0xA0 || b0 == 0xED && b1 >= 0xA0) {
                throw new Malformed("a bad UTF-8 sequence");
            }
            int code = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F;
            if (code == 0xFFFE || code == 0xFFFF) throw new Malformed("a character XML does not allow");
            next = p + 3;
            return code;
        }
        if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (p + 3 >= end) throw new Malformed("a truncated UTF-8 sequence");
            int b1 = buf[p + 1] & 0xFF;
            int b2 = buf[p + 2] & 0xFF;
            int b3 = buf[p + 3] & 0xFF;
            if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80 || b0 == 0xF0 && b1 < 0x90
                    || b0 == 0xF4 && b1 >= 0x90) {
                throw new Malformed("a bad UTF-8 sequence");
            }
            next = p + 4;
            return (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F;
        }
        throw new Malformed("a bad UTF-8 sequence");
    }

    /** {@link #utf8} for bytes already checked. */
    private int utf8Unchecked(int p) {
        int b0 = buf[p] & 0xFF;
        if (b0 < 0xE0) {
            next = p + 2;
            return (b0 & 0x1F) << 6 | buf[p + 1] & 0x3F;
        }
        if (b0 < 0xF0) {
            next = p + 3;
            return (b0 & 0x0F) << 12 | (buf[p + 1] & 0x3F) << 6 | buf[p + 2] & 0x3F;
        }
        next = p + 4;
        return (b0 & 0x07) << 18 | (buf[p + 1] & 0x3F) << 12 | (buf[p + 2] & 0x3F) << 6 | buf[p + 3] & 0x3F;
    }

    private static int put(char[] out, int n, int code) {
        if (code < 0x10000) {
            out[n] = (char) code;
            return n + 1;
        }
        out[n] = Character.highSurrogate(code);
        out[n + 1] = Character.lowSurrogate(code);
        return n + 2;
    }

    private static boolean isXmlChar(long code) {
        return code >= 0x20 && code <= 0xD7FF || code == 0x9 || code == 0xA || code == 0xD
                || code >= 0xE000 && code <= 0xFFFD || code >= 0x10000 && code <= 0x10FFFF;
    }

    // ------------------------------------------------------------------ bytes

    /** Makes at least {@code n} bytes from {@code pos} available; false when the document ends first. */
    private boolean ensure(int n) throws IOException {
        return limit - pos >= n || fill(n);
    }

    /** Moves the unread bytes to the front, grows the buffer if need be, and reads until {@code n} are there. */
    private boolean fill(int n) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (n > buf.length) buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        // at least n, and half a buffer while the stream gives: fewer, larger moves
        while ((limit < n || limit < buf.length >> 1) && !eof) {
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) eof = true;
            else limit += read;
        }
        return limit >= n;
    }

    private void growAttributes() {
        int size = attrNameStart.length * 2;
        attrNameStart = Arrays.copyOf(attrNameStart, size);
        attrNameEnd = Arrays.copyOf(attrNameEnd, size);
        attrColon = Arrays.copyOf(attrColon, size);
        attrValueStart = Arrays.copyOf(attrValueStart, size);
        attrValueEnd = Arrays.copyOf(attrValueEnd, size);
        attrPlain = Arrays.copyOf(attrPlain, size);
    }

    /** UTF-16 characters of the UTF-8 bytes from {@code from} to before {@code to}. */
    private int characters(int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if ((b & 0xC0) != 0x80) count += (b & 0xF8) == 0xF0 ? 2 : 1;
        }
        return count;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }

    /**
     * A character over U+007F allowed in a name: letters, digits, marks and the middle dot of the Basic
     * Multilingual Plane — close to, not exactly, the JDK parser's XML 1.0 name classes, which take no
     * character beyond it. Spreadsheet markup names are ASCII; only a crafted file could tell the difference.
     */
    private static boolean isNameLetter(int code) {
        if (code > 0xFFFF) return false;
        if (code == 0xB7 || Character.isLetterOrDigit(code)) return true;
        int type = Character.getType(code);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.LETTER_NUMBER || type == Character.MODIFIER_LETTER;
    }

    /** ASCII name start characters; any non-ASCII byte, its character checked by {@link #isNameLetter}. */
    private static boolean isNameStart(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == ':' || b < 0;
    }

    private static boolean isNameChar(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == ':' || b == '-'
                || b == '.' || b < 0;
    }

    private static boolean same(byte[] bytes, int from, int length, byte[] expected) {
        if (length != expected.length) return false;
        for (int i = 0; i < length; i++) {
            if (bytes[from + i] != expected[i]) return false;
        }
        return true;
    }

    /** Two byte ranges, each from its start to before its end, equal: a plain loop, for names of a few bytes. */
    private static boolean same(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int length = aTo - aFrom;
        if (length != bTo - bFrom) return false;
        for (int i = 0; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i]) return false;
        }
        return true;
    }

    private static boolean same(byte[] bytes, int aFrom, int aTo, int bFrom, int bTo) {
        return same(bytes, aFrom, aTo, bytes, bFrom, bTo);
    }
}
