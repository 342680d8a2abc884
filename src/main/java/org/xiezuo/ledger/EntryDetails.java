package org.xiezuo.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** The descriptive fields of an entry (employer, remark …) as a small JSON object in one column. */
final class EntryDetails {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Made once: resolving the type per call cost a large ledger export a tenth of its time. */
    private static final ObjectReader FIELDS = JSON.readerFor(new TypeReference<LinkedHashMap<String, String>>() {});

    private EntryDetails() {}

    /**
     * The fields as a JSON object, written by hand (an import writes one per row, and the mapper's
     * machinery per call cost more than the row's checks): the same text Jackson writes for the map —
     * {@code "}, {@code \\} and control characters escaped, everything else as it is.
     */
    static String write(Map<String, String> fields) {
        StringBuilder json = new StringBuilder(16 + 24 * fields.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!first) json.append(',');
            first = false;
            quoted(json, field.getKey()).append(':');
            if (field.getValue() == null) json.append("null"); else quoted(json, field.getValue());
        }
        return json.append('}').toString();
    }

    /**
     * The same text as {@link #write(Map)} for a map of these name, value pairs in this order (the names
     * distinct) without the pairs whose value is null: an import writes one per row, and the map cost more
     * than the writing.
     */
    static String write(@Nullable String... pairs) {
        int length = 2;
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) length += pairs[i].length() + pairs[i + 1].length() + 6;
        }
        StringBuilder json = new StringBuilder(length).append('{');
        boolean first = true;
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            String value = pairs[i + 1];
            if (value == null) continue;
            if (!first) json.append(',');
            first = false;
            quoted(json, pairs[i]).append(':');
            quoted(json, value);
        }
        return json.append('}').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The text quoted and escaped: the runs of characters that need no escape appended whole. */
    private static StringBuilder quoted(StringBuilder json, String text) {
        json.append('"');
        int plain = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            json.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\t' -> json.append("\\t");
                case '\n' -> json.append("\\n");
                case '\f' -> json.append("\\f");
                case '\r' -> json.append("\\r");
                default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]); // another control character
            }
        }
        if (plain == 0) json.append(text); else json.append(text, plain, text.length());
        return json.append('"');
    }

    /** What Jackson writes for the map: the reference {@link #write(Map)} is held to in the tests. */
    static String writeWithJackson(Map<String, String> fields) {
        return JSON.writeValueAsString(fields);
    }

    static Map<String, String> read(String json) {
        if (json.isBlank()) return Map.of();
        return FIELDS.readValue(json);
    }
}
