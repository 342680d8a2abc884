package org.xiezuo.ledger.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The validator parts of SECURITY.md T24 (check digit) and T25 (ID structure): fixed vectors, each
 * recomputed with the GB 11643 MOD 11-2 rule, and one distinct message per kind of mistake.
 */
class ChineseIdsTests {

    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @Test
    void t24_aWrongCheckDigitIsRefusedWithItsOwnMessage() {
        FieldCheck check = ChineseIds.check("110101199003072315", TODAY);

        assertThat(check.ok()).isFalse();
        assertThat(check.message()).isEqualTo("身份证号校验位错误");
        assertThat(ChineseIds.checksumValid("110101199003072315")).isFalse();
    }

    @Test
    void t24_theCorrectCheckDigitPasses() {
        FieldCheck check = ChineseIds.check("110101199003072316", TODAY);

        assertThat(check.ok()).isTrue();
        assertThat(check.value()).isEqualTo("110101199003072316");
        assertThat(check.message()).isNull();
    }

    @Test
    void t24_theChecksumAcceptsXAndZeroCheckCharactersOutsideTheWorkingAgeBand() {
        assertThat(ChineseIds.checksumValid("11010519491231002X")).isTrue();
        assertThat(ChineseIds.checksumValid("11010519491231002x")).isTrue();
        assertThat(ChineseIds.checksumValid("440524188001010014")).isTrue();
        assertThat(ChineseIds.checksumValid("440524188001010015")).isFalse();
        assertThat(ChineseIds.checksumValid("11010519491231002")).as("17 characters").isFalse();
        assertThat(ChineseIds.checksumValid("1101051949123100AX")).as("letter inside").isFalse();
        assertThat(ChineseIds.check("11010519491231002X", TODAY).ok()).isTrue();
    }

    @Test
    void t24_everyRemainderMapsToItsCheckCharacter() {
        // "10X98765432": one known ID per check character guards against the published '8'→'5' slip
        assertThat(ChineseIds.checkChar("110101199003072316")).isEqualTo('6');
        assertThat(ChineseIds.checkChar("11010519491231002X")).isEqualTo('X');
        assertThat(ChineseIds.checkChar("440524188001010014")).isEqualTo('4');
        assertThat(ChineseIds.checkChar("110101209901010017")).isEqualTo('7');
    }

    @Test
    void t24_aLowerCaseXIsNormalisedAndSurroundingSpacesGo() {
        assertThat(ChineseIds.check("11010519491231002x", TODAY).value()).isEqualTo("11010519491231002X");
        assertThat(ChineseIds.check("  110101199003072316\t", TODAY).value()).isEqualTo("110101199003072316");
    }

    @Test
    void t25_eachStructuralMistakeHasItsOwnMessage() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("30 February", "110101199002302319");
        cases.put("future birth date", "110101209901010017");
        cases.put("17 characters", "11010119900307231");
        cases.put("19 characters", "1101011990030723160");
        cases.put("letters", "1101011990O3072316");
        cases.put("inner space", "110101 199003072316");
        cases.put("full-width digits", "１１０１０１１９９００３０７２３１６");
        cases.put("15-digit legacy form", "110101900307231");
        cases.put("unknown province prefix", "990101199003072316");
        cases.put("birth before 1900", "11010118991231001X");
        cases.put("empty", "  ");

        Map<String, String> messages = new LinkedHashMap<>();
        cases.forEach((name, id) -> {
            FieldCheck check = ChineseIds.check(id, TODAY);
            assertThat(check.ok()).as(name).isFalse();
            messages.put(name, check.message());
        });

        assertThat(messages).containsEntry("30 February", ChineseIds.INVALID_BIRTH_DATE)
                .containsEntry("future birth date", ChineseIds.FUTURE_BIRTH_DATE)
                .containsEntry("17 characters", "身份证号应为18位，实为17位")
                .containsEntry("19 characters", "身份证号应为18位，实为19位")
                .containsEntry("letters", ChineseIds.NOT_DIGITS)
                .containsEntry("inner space", ChineseIds.INNER_SPACE)
                .containsEntry("full-width digits", ChineseIds.FULL_WIDTH)
                .containsEntry("15-digit legacy form", "15位旧身份证号，请换用18位号码")
                .containsEntry("unknown province prefix", ChineseIds.UNKNOWN_PROVINCE)
                .containsEntry("birth before 1900", ChineseIds.BIRTH_BEFORE_1900)
                .containsEntry("empty", ChineseIds.EMPTY);
        assertThat(messages.values()).as("one message per mistake").doesNotHaveDuplicates();
        assertThat(messages.get("30 February")).contains("出生日期无效");
        assertThat(messages.get("full-width digits")).contains("含全角字符");
    }

    @Test
    void t25_theVectorsAreWrongOnlyInWhatTheyTest() {
        // the 30 February and future-date vectors carry a correct check digit, so only the date refuses them
        assertThat(ChineseIds.checksumValid("110101199002302319")).isTrue();
        assertThat(ChineseIds.checksumValid("110101209901010017")).isTrue();
        assertThat(ChineseIds.checksumValid("11010118991231001X")).isTrue();
        assertThat(ChineseIds.check("110101209901010017", LocalDate.of(2099, 1, 1)).ok()).as("born today").isTrue();
    }

    @Test
    void t25_aFinalLetterOtherThanXAndSymbolsAreNotDigits() {
        assertThat(ChineseIds.check("11010119900307231Y", TODAY).message()).isEqualTo(ChineseIds.NOT_DIGITS);
        assertThat(ChineseIds.check("110101-19900307231", TODAY).message()).isEqualTo(ChineseIds.NOT_DIGITS);
        assertThat(ChineseIds.check("11010119900307231Ｘ", TODAY).message()).isEqualTo(ChineseIds.FULL_WIDTH);
        assertThat(ChineseIds.check("110101\u300019900307231", TODAY).message()).as("ideographic space").isEqualTo(ChineseIds.INNER_SPACE);
    }

    @Test
    void t25_everyProvinceOfGbT2260IsKnownAndOthersAreNot() {
        for (String prefix : new String[] {"11", "15", "21", "23", "31", "37", "41", "46", "50", "54", "61", "65", "71", "81", "82"}) {
            assertThat(ChineseIds.PROVINCES).as(prefix).contains(prefix);
        }
        for (String prefix : new String[] {"00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72", "80", "83", "90", "99"}) {
            assertThat(ChineseIds.PROVINCES).as(prefix).doesNotContain(prefix);
        }
    }

    @Test
    void t25_theBirthDateIsReadStrictly() {
        assertThat(ChineseIds.birthDate("110101199003072316")).isEqualTo(LocalDate.of(1990, 3, 7));
        assertThat(ChineseIds.birthDate("110101200002290016")).isEqualTo(LocalDate.of(2000, 2, 29));
        assertThatThrownBy(() -> ChineseIds.birthDate("110101190002290016")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1900");
        assertThatThrownBy(() -> ChineseIds.birthDate("110101199002302319")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedCheckNeverShowsTheValue() {
        FieldCheck refused = ChineseIds.check("110101199003072315", TODAY);
        assertThat(refused.toString()).doesNotContain("110101");
        assertThat(ChineseIds.check("110101199003072316", TODAY).toString()).doesNotContain("110101");
    }
}
