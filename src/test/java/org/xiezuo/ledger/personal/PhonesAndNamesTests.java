package org.xiezuo.ledger.personal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The validator part of SECURITY.md T28: phones and names, each invalid one with its own message. */
class PhonesAndNamesTests {

    @Test
    void t28_phonesMustBeElevenDigitsStartingWithOne() {
        for (String phone : List.of("1381234567", "23812345678", "+86 13812345678", "138 1234 5678", "138123456789",
                "1381234567a", "１３８１２３４５６７８", "")) {
            FieldCheck check = Phones.check(phone);
            assertThat(check.ok()).as(phone).isFalse();
            assertThat(check.message()).as(phone).isEqualTo("手机号应为以1开头的11位数字");
        }
        assertThat(Phones.check("13812345678").value()).isEqualTo("13812345678");
        assertThat(Phones.check(" 13812345678 ").value()).as("surrounding spaces go").isEqualTo("13812345678");
    }

    @Test
    void t28_invalidNamesGetTheirOwnMessages() {
        FieldCheck latin = PersonNames.check("ab");
        FieldCheck single = PersonNames.check("张");
        FieldCheck tooLong = PersonNames.check("张".repeat(31));

        assertThat(latin.message()).isEqualTo(PersonNames.LATIN_OR_DIGITS);
        assertThat(single.message()).isEqualTo(PersonNames.TOO_SHORT);
        assertThat(tooLong.message()).isEqualTo(PersonNames.TOO_LONG);
        assertThat(List.of(latin.message(), single.message(), tooLong.message())).doesNotHaveDuplicates();
        assertThat(PersonNames.check("张".repeat(30)).ok()).as("30 characters").isTrue();
    }

    @Test
    void t28_aNameWithAMiddleDotIsAccepted() {
        assertThat(PersonNames.check("阿依古丽·买买提").value()).isEqualTo("阿依古丽·买买提");
        assertThat(PersonNames.check("张三").value()).isEqualTo("张三");
        assertThat(PersonNames.check(" 李四 ").value()).isEqualTo("李四");
    }

    @Test
    void t28_lookAlikeDotsAreStoredAsTheMiddleDot() {
        assertThat(PersonNames.check("阿依古丽•买买提").value()).isEqualTo("阿依古丽·买买提");
        assertThat(PersonNames.check("阿依古丽・买买提").value()).isEqualTo("阿依古丽·买买提");
    }

    @Test
    void t28_dotsOnlyBetweenPartsAndOnlyChineseCharacters() {
        assertThat(PersonNames.check("·买买提").message()).isEqualTo(PersonNames.DOT_AT_END);
        assertThat(PersonNames.check("买买提·").message()).isEqualTo(PersonNames.DOT_AT_END);
        assertThat(PersonNames.check("阿依古丽··买买提").message()).isEqualTo(PersonNames.DOUBLE_DOT);
        assertThat(PersonNames.check("张3").message()).isEqualTo(PersonNames.LATIN_OR_DIGITS);
        assertThat(PersonNames.check("Zhang San").message()).isEqualTo(PersonNames.LATIN_OR_DIGITS);
        assertThat(PersonNames.check("张 三").message()).isEqualTo(PersonNames.OTHER_CHARACTERS);
        assertThat(PersonNames.check("张-三").message()).isEqualTo(PersonNames.OTHER_CHARACTERS);
        assertThat(PersonNames.check("").message()).isEqualTo(PersonNames.EMPTY);
    }

    @Test
    void t28_rareCharactersOfExtensionsAAndBCount() {
        assertThat(PersonNames.check("王㐀").ok()).as("extension A").isTrue();
        FieldCheck extensionB = PersonNames.check("吉\uD842\uDFB7");   // 吉𠮷: U+20BB7, one character
        assertThat(extensionB.ok()).isTrue();
        assertThat(PersonNames.check("\uD842\uDFB7").message()).as("one character, two chars of UTF-16").isEqualTo(PersonNames.TOO_SHORT);
    }
}
