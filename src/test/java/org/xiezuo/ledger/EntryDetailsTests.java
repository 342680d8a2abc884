package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The hand-written details JSON is the text Jackson writes for the same map, and reads back the same. */
class EntryDetailsTests {

    @Test
    void sameTextAsJacksonForEveryAwkwardCharacter() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) every.append(c);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("employer", "杭州某某科技有限公司");
        fields.put("remark", "引号\" 反斜杠\\ 斜杠/ 换行\n回车\r制表\t退格\b换页\f 空字符\u0000 \u001f \u007f \u2028 \u2029 😀 \ud800");
        fields.put("every", every.toString());
        fields.put("empty", "");
        fields.put("键\"名", "值");
        assertThat(EntryDetails.write(fields)).isEqualTo(EntryDetails.writeWithJackson(fields));
        Map<String, String> back = EntryDetails.read(EntryDetails.write(fields));
        assertThat(back).isEqualTo(fields);
    }

    /** The pairs an import writes give the text of the map of those pairs without the null values. */
    @Test
    void pairsGiveTheTextOfTheirMapWithoutNullValues() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) every.append(c).append("中");
        String[][] cases = {
                {"employer", "杭州某某科技有限公司", "remark", null, "seq", "1"},
                {"remark", "\"开头和结尾\\", "seq", "\n", "a", "\u0000\u0001\u001f", "b", "\"\"\\\\"},
                {"every", every.toString(), "empty", "", "键\"名", "值"},
                {"remark", null, "seq", null},
                {},
                {"😀", "😀 \ud800 \u2028 \u007f tab\tend"},
        };
        for (String[] pairs : cases) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i + 1 < pairs.length; i += 2) if (pairs[i + 1] != null) fields.put(pairs[i], pairs[i + 1]);
            assertThat(EntryDetails.write(pairs)).isEqualTo(EntryDetails.writeWithJackson(fields)).isEqualTo(EntryDetails.write(fields));
            assertThat(EntryDetails.read(EntryDetails.write(pairs))).isEqualTo(fields);
        }
        assertThat(EntryDetails.write("seq", "1", "remark", null)).isEqualTo("{\"seq\":\"1\"}");
        assertThat(EntryDetails.write("remark", "a\"b\nc")).isEqualTo("{\"remark\":\"a\\\"b\\nc\"}");
    }

    @Test
    void emptyAndOneField() {
        assertThat(EntryDetails.write(Map.of())).isEqualTo(EntryDetails.writeWithJackson(Map.of())).isEqualTo("{}");
        Map<String, String> one = new LinkedHashMap<>();
        one.put("seq", "1");
        assertThat(EntryDetails.write(one)).isEqualTo(EntryDetails.writeWithJackson(one)).isEqualTo("{\"seq\":\"1\"}");
    }
}
