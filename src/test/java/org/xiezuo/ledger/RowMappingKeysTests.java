package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.ledger.personal.PersonalDataKeys;
import org.xiezuo.ledger.personal.PersonalDataSettings;

/**
 * What {@link RowMapping} stores for a row must not change between versions: the natural key and the
 * facts hash are compared with those already in the ledger, so a different text would turn every row of
 * a second import into a new record. Pinned for one row of every kind, by the rule (SHA-256 over the
 * UTF-8 of each part followed by 0x1f, in lower-case hex; a person's part is the lower-case hex of the
 * ID's blind index) and by the texts themselves under fixed keys; and the details JSON, stripped texts.
 */
class RowMappingKeysTests {

    private static final LocalDate TODAY = LocalDate.of(2024, 6, 1);
    /** Fixed keys, so that the blind index, and with it the employment and dispatch keys, are known texts. */
    private static final PersonalData DATA = new PersonalData(PersonalDataKeys.configured(PersonalDataSettings.configured(
            Map.of(1, Base64.getEncoder().encodeToString(filled(1))), 1, Base64.getEncoder().encodeToString(filled(2)))));
    private static final String ID = ChineseIdsForTests.valid(new Random(7), 3);

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static final RowMapping.Context CONTEXT = new RowMapping.Context() {
        @Override public @Nullable Long unitNamed(String name) { return name.startsWith("区") ? 7L : null; }
        @Override public @Nullable Long defaultUnit() { return 7L; }
        @Override public @Nullable String outOfScope(long unitId) { return null; }
        @Override public String eastProvince() { return "浙江省"; }
        @Override public String westProvince() { return "四川省"; }
        @Override public LocalDate today() { return TODAY; }
        @Override public PersonalData personalData() { return DATA; }
    };

    /** The rule the stored keys were made by, written out independently of {@link RowMapping}. */
    private static String rule(@Nullable String... parts) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String idPart() {
        return HexFormat.of().formatHex(DATA.blindIndex(ID));
    }

    /** One valid row of every kind; texts with spaces at their ends, a quote and a line break in a remark. */
    private static Map<LedgerKind, Map<String, @Nullable Object>> rows() {
        Map<LedgerKind, Map<String, @Nullable Object>> rows = new EnumMap<>(LedgerKind.class);
        rows.put(LedgerKind.EMPLOYMENT, values("seq", "1", "name", "张三", "idNumber", ID, "phone", "13812345678", "poor", true,
                "province", " 浙江 ", "employer", "\u3000杭州某某科技有限公司\u3000", "startDate", LocalDate.of(2021, 3, 1),
                "endDate", LocalDate.of(2022, 2, 28), "unit", "区人力社保局", "remark", "备注\"引号\"\n第二行"));
        rows.put(LedgerKind.DISPATCH, values("seq", "2", "name", "李四", "idNumber", ID, "sendingUnit", "杭州市第一医院",
                "profession", "  ", "receivingUnit", "某县人民医院", "startDate", LocalDate.of(2021, 3, 1),
                "plannedEnd", LocalDate.of(2022, 2, 28), "actualEnd", null, "unit", null, "remark", null));
        rows.put(LedgerKind.TRAINING, values("date", LocalDate.of(2023, 5, 6), "title", "电商培训", "organiser", "区人社局",
                "category", "劳动力技能", "headcount", 30L, "poorHeadcount", 10L, "personTimes", 60L, "poorPersonTimes", null,
                "unit", "区农业农村局", "remark", "tab\there"));
        rows.put(LedgerKind.DONATION, values("date", LocalDate.of(2023, 5, 6), "donor", "某某集团", "unit", null,
                "category", "资金", "amount", new BigDecimal("12.50"), "amountUnit", "万元", "recipient", "某县教育局",
                "receipt", " NO-123 ", "remark", null));
        rows.put(LedgerKind.CONSUMPTION, values("date", LocalDate.of(2023, 5, 6), "buyer", "机关事务局", "category", "电商",
                "product", "茶叶", "amount", new BigDecimal("3000"), "amountUnit", "元", "unit", "区商务局", "remark", null));
        rows.put(LedgerKind.PAIRING, values("category", "学校", "eastParty", "杭州某小学", "westParty", "某县某小学",
                "startDate", LocalDate.of(2021, 9, 1), "endDate", null, "unit", null, "remark", "结对"));
        rows.put(LedgerKind.INVESTMENT, values("enterprise", "某某食品有限公司", "amount", new BigDecimal("1.2E+3"),
                "amountUnit", "万元", "date", LocalDate.of(2022, 1, 2), "park", "某某产业园", "jobs", 120L, "poorJobs", 30L,
                "unit", null, "remark", null));
        rows.put(LedgerKind.PARK, values("name", "东西部协作产业园", "category", "产业园区", "startDate", LocalDate.of(2020, 1, 1),
                "endDate", null, "unit", null, "remark", null));
        rows.put(LedgerKind.WORKSHOP, values("name", "某某帮扶车间", "startDate", LocalDate.of(2020, 1, 1),
                "endDate", LocalDate.of(2023, 1, 1), "jobs", 40L, "poorJobs", null, "unit", null, "remark", null));
        rows.put(LedgerKind.VILLAGE, values("name", "某某村", "town", null, "startDate", LocalDate.of(2022, 7, 1),
                "unit", null, "remark", null));
        return rows;
    }

    private static Map<String, @Nullable Object> values(@Nullable Object... pairs) {
        Map<String, @Nullable Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) values.put((String) pairs[i], pairs[i + 1]);
        return values;
    }

    private static EntryDraft draft(LedgerKind kind, Map<String, @Nullable Object> values) {
        List<RowProblem> problems = new ArrayList<>();
        EntryDraft draft = new RowMapping(kind, CONTEXT).map(5, values, problems::add);
        assertThat(problems).as(kind.name()).isEmpty();
        assertThat(draft).as(kind.name()).isNotNull();
        return draft;
    }

    /** Each kind's natural key and facts, by the rule, from the row's values as the mapping reads them. */
    private static Map<LedgerKind, String[]> byRule() throws Exception {
        Map<LedgerKind, String[]> expected = new EnumMap<>(LedgerKind.class);
        expected.put(LedgerKind.EMPLOYMENT, new String[] {rule(idPart(), "浙江省", "2021-03-01"),
                rule("杭州某某科技有限公司", "2022-02-28", "true", "张三")});
        expected.put(LedgerKind.DISPATCH, new String[] {rule(idPart(), "2021-03-01"),
                rule("杭州市第一医院", "某县人民医院", "null", "2022-02-28", "null", "李四")});
        expected.put(LedgerKind.TRAINING, new String[] {rule("2023-05-06", "电商培训", "区人社局", "劳动力技能"),
                rule("30", "10", "60", "null")});
        expected.put(LedgerKind.DONATION, new String[] {rule("receipt", "NO-123"),
                rule("2023-05-06", "某某集团", "资金", "12.50", "万元", "某县教育局", "7")});
        expected.put(LedgerKind.CONSUMPTION, new String[] {rule("2023-05-06", "机关事务局", "电商", "茶叶", "3000", "元"), rule("7")});
        expected.put(LedgerKind.PAIRING, new String[] {rule("学校", "杭州某小学", "某县某小学", "2021-09-01"), rule("null", "7")});
        expected.put(LedgerKind.INVESTMENT, new String[] {rule("某某食品有限公司", "2022-01-02", "1200", "万元"),
                rule("某某产业园", "120", "30", "7")});
        expected.put(LedgerKind.PARK, new String[] {rule("产业园区", "东西部协作产业园"), rule("2020-01-01", "null", "7")});
        expected.put(LedgerKind.WORKSHOP, new String[] {rule("某某帮扶车间"), rule("2020-01-01", "2023-01-01", "40", "null", "7")});
        expected.put(LedgerKind.VILLAGE, new String[] {rule("某某村", "null"), rule("2022-07-01", "7")});
        return expected;
    }

    @Test
    void everyKindsNaturalKeyAndFactsFollowTheStoredRule() throws Exception {
        Map<LedgerKind, String[]> expected = byRule();
        assertThat(expected.keySet()).containsExactly(LedgerKind.values());
        rows().forEach((kind, values) -> {
            EntryDraft draft = draft(kind, values);
            assertThat(draft.naturalKey()).as(kind.name()).isEqualTo(expected.get(kind)[0]);
            assertThat(draft.facts()).as(kind.name()).isEqualTo(expected.get(kind)[1]);
        });
    }

    /** The texts themselves, as this version stores them: a change of the rule or of its inputs shows here. */
    @Test
    void theStoredTextsOfEveryKind() {
        Map<LedgerKind, String> keys = new LinkedHashMap<>();
        rows().forEach((kind, values) -> {
            EntryDraft draft = draft(kind, values);
            keys.put(kind, draft.naturalKey() + " " + draft.facts());
        });
        assertThat(keys).containsExactlyEntriesOf(GOLDEN);
    }

    private static final Map<LedgerKind, String> GOLDEN = new LinkedHashMap<>();

    static {
        GOLDEN.put(LedgerKind.EMPLOYMENT, "d583485a813b6590a25efd9da83cbabbb081589ae40b2f4c2c7312ba6217e3e5 "
                + "715a16b04195174ec03d055854b227253b8d332ffbb83515e9989c1c60195608");
        GOLDEN.put(LedgerKind.DISPATCH, "07296f15975657649933f418ebf0dbfa58babf3a97c6eb75e67ee701c7c856e8 "
                + "6a2716ed62bf6e47c476f9d2ce6eb04e645cfb68d661c801b77e729dabf3e28c");
        GOLDEN.put(LedgerKind.TRAINING, "8b13cde724447c57f7061e165119cc0712b00502998b8ce78bb413ad0d8f40ae "
                + "f1b1be6fffba7685a46360e0c01c6c6fd3c64579de04694bfab9ca51e4fdb9b0");
        GOLDEN.put(LedgerKind.DONATION, "06f45eac0b64c82ce5f3df7c32ba6c7521aa2a71cc7ce299fef914636f4f7cf8 "
                + "f2d7cc27324bbeb356d6f6b338387ff98744801bb57a0dc108f1fcd434638ecb");
        GOLDEN.put(LedgerKind.CONSUMPTION, "caafebaa3a744618d64930a3d6a6e655af010fbb27cd486e6c415a76b8c9b897 "
                + "6794860219279dc2dae0101f4cdb4f0cf0840dec86ea5a70bfe259084bb45a30");
        GOLDEN.put(LedgerKind.PAIRING, "d0a6ff7282583ec8bc09627bb12bf98d6e88a5903a30fda92ffbac7475733755 "
                + "00ea846893d7110b917932064bedbf6d5580529106cd16611b0576235b6ad2f3");
        GOLDEN.put(LedgerKind.INVESTMENT, "20f559ddabb4220fa43de107088f78b2b052acaa5481787730c3f0a549ddf538 "
                + "38517820337e3f1e3a6c4c0bd5d5bc6878bf563d107f28d1c5a74ab283459872");
        GOLDEN.put(LedgerKind.PARK, "f6a4d650930ad3aa824b6d9a53e7046414a7900ea50a037f354ca5d94ab3eb86 "
                + "f967c205fb1bcad5fa08901947cf5850a25c27f2f7c0a5ae126d552a5962734e");
        GOLDEN.put(LedgerKind.WORKSHOP, "d59f0f76b8a65d1fbba9388b4accb18404e0392e2355b398880ab70c7c9edc01 "
                + "ed3df2e22493374f6b804044c6f189399036602817087b8be11d56569cc67281");
        GOLDEN.put(LedgerKind.VILLAGE, "d3bbf2539be779920ea262e0e0038fce2dcb577478aa6458b9f9adbab6ef378c "
                + "623977d03a1df5f504fb107938a13e6eabb6ff45f8fbce6b2a542b20f4152d36");
    }

    /** What the de-duplication uses instead of parsing the stored text back: the same two longs, for every kind. */
    @Test
    void everyKindsPackedKeyAndFactsAreWhatKeyTablePacksFromTheStoredText() {
        rows().forEach((kind, values) -> {
            EntryDraft draft = draft(kind, values);
            long[] packed = KeyTable.pack(draft.naturalKey());
            assertThat(new long[] {draft.keyHigh(), draft.keyLow()}).as(kind.name()).containsExactly(packed);
            assertThat(draft.factsHigh()).as(kind.name()).isEqualTo(KeyTable.packFacts(draft.facts()));
        });
    }

    @Test
    void aHexPartIsDigestedAsItsLowerCaseHexTextAndHexIsHexFormats() {
        Random random = new Random(11);
        for (int n : new int[] {0, 1, 16, 32, 33}) {
            for (int round = 0; round < 50; round++) {
                byte[] bytes = new byte[n];
                random.nextBytes(bytes);
                if (round == 0) java.util.Arrays.fill(bytes, (byte) 0xff);
                if (round == 1) java.util.Arrays.fill(bytes, (byte) 0x80);
                String hex = HexFormat.of().formatHex(bytes);
                assertThat(RowMapping.hex(bytes)).isEqualTo(hex);
                RowMapping.Digest withBytes = RowMapping.digest(bytes, "浙江省", null, "2021-03-01");
                RowMapping.Digest withText = RowMapping.digest(hex, "浙江省", null, "2021-03-01");
                assertThat(withBytes).isEqualTo(withText);
                assertThat(withBytes.hex()).isEqualTo(RowMapping.digest(hex, "浙江省", "null", "2021-03-01").hex());
                assertThat(withBytes.high()).isEqualTo(KeyTable.pack(withBytes.hex())[0]);
                assertThat(withBytes.low()).isEqualTo(KeyTable.pack(withBytes.hex())[1]);
            }
        }
    }

    /** The shortcut past {@link String#strip} gives what strip gives, whatever character either end is. */
    @Test
    void strippedIsStripForEveryCharacterAtEitherEnd() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String one = String.valueOf((char) c);
            for (String text : new String[] {one, one + "中" + one, one + "中", "中" + one, "a" + one + "b", one + one}) {
                String stripped = RowMapping.stripped(text);
                if (!stripped.equals(text.strip())) throw new AssertionError("U+" + Integer.toHexString(c) + " in \"" + text + "\"");
            }
        }
        String plain = "杭州某某科技有限公司";
        assertThat(RowMapping.stripped(plain)).isSameAs(plain);
        assertThat(RowMapping.stripped("\u3000杭州\u3000")).isEqualTo("杭州");
        assertThat(RowMapping.stripped("\u00a0杭州\u00a0")).as("a no-break space is no whitespace").isEqualTo("\u00a0杭州\u00a0");
        assertThat(RowMapping.stripped("😀")).isEqualTo("😀");
        assertThat(RowMapping.stripped("")).isEmpty();
        assertThat(RowMapping.stripped(" \t\n")).isEmpty();
    }

    @Test
    void detailsAreTheJsonOfTheFieldsGivenWithStrippedTexts() {
        Map<LedgerKind, Map<String, @Nullable Object>> rows = rows();
        EntryDraft employment = draft(LedgerKind.EMPLOYMENT, rows.get(LedgerKind.EMPLOYMENT));
        assertThat(employment.details()).isEqualTo("{\"employer\":\"杭州某某科技有限公司\",\"remark\":\"备注\\\"引号\\\"\\n第二行\",\"seq\":\"1\"}");
        assertThat(employment.region()).isEqualTo("浙江省");
        assertThat(employment.category()).isEqualTo(RowMapping.EAST);
        EntryDraft dispatch = draft(LedgerKind.DISPATCH, rows.get(LedgerKind.DISPATCH));
        assertThat(dispatch.details()).as("a blank profession is no field")
                .isEqualTo("{\"sendingUnit\":\"杭州市第一医院\",\"receivingUnit\":\"某县人民医院\",\"seq\":\"2\"}");
        EntryDraft training = draft(LedgerKind.TRAINING, rows.get(LedgerKind.TRAINING));
        assertThat(training.details()).isEqualTo("{\"organiser\":\"区人社局\",\"remark\":\"tab\\there\"}");
        EntryDraft donation = draft(LedgerKind.DONATION, rows.get(LedgerKind.DONATION));
        assertThat(donation.details()).isEqualTo("{\"recipient\":\"某县教育局\",\"receipt\":\"NO-123\"}");
        EntryDraft village = draft(LedgerKind.VILLAGE, rows.get(LedgerKind.VILLAGE));
        assertThat(village.details()).isEqualTo("{}");
        assertThat(village.region()).isNull();
    }
}
