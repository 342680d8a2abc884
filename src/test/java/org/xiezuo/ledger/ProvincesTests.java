package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link Provinces#normalise}: the spellings people type brought to one form, the same answer from the
 * memo as on the first call, and past the memo's size.
 */
class ProvincesTests {

    private static final Map<String, String> SPELLINGS = new LinkedHashMap<>();

    static {
        SPELLINGS.put("浙江", "浙江省");
        SPELLINGS.put("浙江省", "浙江省");
        SPELLINGS.put(" 四川省　", "四川省");
        SPELLINGS.put("四 川", "四川省");
        SPELLINGS.put("北京", "北京市");
        SPELLINGS.put("上海市", "上海市");
        SPELLINGS.put("广西", "广西壮族自治区");
        SPELLINGS.put("广西壮族自治区", "广西壮族自治区");
        SPELLINGS.put("新疆维吾尔自治区", "新疆维吾尔自治区");
        SPELLINGS.put("内蒙古", "内蒙古自治区");
        SPELLINGS.put("香港", "香港特别行政区");
        SPELLINGS.put("", "");
    }

    @Test
    void everySpellingHasOneFormFirstAndFromTheMemo() {
        for (int round = 0; round < 3; round++) {
            SPELLINGS.forEach((raw, normal) -> assertThat(Provinces.normalise(raw)).as(raw).isEqualTo(normal));
        }
        assertThat(Provinces.normalise(null)).isEmpty();
    }

    @Test
    void spellingsBeyondTheMemoAreNormalisedAllTheSame() {
        for (int i = 0; i < 3000; i++) assertThat(Provinces.normalise("测试" + i + "省")).isEqualTo("测试" + i + "省");
        for (int i = 0; i < 3000; i++) assertThat(Provinces.normalise("测试" + i)).isEqualTo("测试" + i + "省");
        SPELLINGS.forEach((raw, normal) -> assertThat(Provinces.normalise(raw)).as(raw).isEqualTo(normal));
    }
}
