package org.xiezuo.ledger.personal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The masked forms of SECURITY.md §3: ID first 3 and last 4, phone 138****1234. */
class MaskingTests {

    @Test
    void anIdKeepsItsFirstThreeAndLastFourCharacters() {
        assertThat(Masking.id("511702198807151239")).isEqualTo("511***********1239");
        assertThat(Masking.id("51170219880715123X")).isEqualTo("511***********123X").hasSize(18);
    }

    @Test
    void aPhoneKeepsItsFirstThreeAndLastFourDigits() {
        assertThat(Masking.phone("13812341234")).isEqualTo("138****1234");
    }

    @Test
    void nullStaysNullAndShortValuesAreMaskedWhole() {
        assertThat(Masking.id(null)).isNull();
        assertThat(Masking.phone(null)).isNull();
        assertThat(Masking.id("")).isEmpty();
        assertThat(Masking.phone("1381234")).isEqualTo("*******");
        assertThat(Masking.phone("13812345")).isEqualTo("138*2345");
    }
}
