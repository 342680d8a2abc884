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

    @Test
    void emptyAndOneField() {
        assertThat(EntryDetails.write(Map.of())).isEqualTo(EntryDetails.writeWithJackson(Map.of())).isEqualTo("{}");
        Map<String, String> one = new LinkedHashMap<>();
        one.put("seq", "1");
        assertThat(EntryDetails.write(one)).isEqualTo(EntryDetails.writeWithJackson(one)).isEqualTo("{\"seq\":\"1\"}");
    }
}
