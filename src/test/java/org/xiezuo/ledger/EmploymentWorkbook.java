package org.xiezuo.ledger;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.xiezuo.ledger.sheet.Workbooks;

/**
 * A generated 就业人员 workbook of a few thousand rows with everything an assessor probes: stock spells
 * from earlier years (some ended before the year), job changes between place categories, exact repeats
 * of a spell further down, and bad rows — wrong check digits, IDs stored as numbers, impossible dates,
 * end before start. It knows which rows are bad and computes the expected indicator values on its own
 * (distinct persons per place category, 脱贫 subset) so tests compare the import with an independent count.
 */
public final class EmploymentWorkbook {

    static final List<String> HEADERS = List.of("序号", "姓名", "身份证号", "手机号", "是否脱贫人口", "就业省份", "就业单位",
            "就业开始日期", "就业结束日期", "填报单位", "备注");
    static final LocalDate YEAR_START = LocalDate.of(2021, 1, 1);
    private static final String[] PROVINCES = {"浙江省", "四川省", "广东省", "四川", "浙江", "江苏省"};
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂";

    /** One generated spell as written, and whether the row is valid. */
    record Spell(String name, String id, boolean poor, String province, String employer, LocalDate start, LocalDate end,
                 boolean valid) {}

    final List<Object[]> rows = new ArrayList<>();
    final List<Spell> spells = new ArrayList<>();
    final Set<Integer> badRows = new TreeSet<>();
    final Set<Integer> duplicateRows = new TreeSet<>();
    private final Random random;

    public EmploymentWorkbook(long seed, int persons) {
        random = new Random(seed);
        for (int p = 0; p < persons; p++) {
            String id = ChineseIdsForTests.valid(random, p);
            String name = name();
            boolean poor = random.nextInt(3) == 0;
            int spellsOfPerson = random.nextInt(10) == 0 ? 2 : 1;
            LocalDate start = LocalDate.of(2019, 1, 1).plusDays(random.nextInt(1060));
            for (int s = 0; s < spellsOfPerson; s++) {
                String province = PROVINCES[random.nextInt(PROVINCES.length)];
                LocalDate end = random.nextInt(3) == 0 ? start.plusDays(30 + random.nextInt(400)) : null;
                if (end != null && end.isAfter(LocalDate.of(2021, 12, 31))) end = null;
                add(new Spell(name, id, poor, province, "企业" + random.nextInt(200), start, end, true));
                start = (end != null ? end : start).plusDays(1 + random.nextInt(60));
                if (start.isAfter(LocalDate.of(2021, 11, 30))) break;
            }
            if (random.nextInt(20) == 0) repeatEarlierRow();
            if (random.nextInt(25) == 0) bad(p);
        }
    }

    private void add(Spell spell) {
        spells.add(spell);
        int row = rows.size() + 2;
        rows.add(new Object[] {String.valueOf(rows.size() + 1), spell.name(), spell.id(), "1380000" + String.format("%04d", rows.size() % 10000),
                spell.poor() ? "是" : "否", spell.province(), spell.employer(), spell.start(), spell.end(), "区人力社保局", null});
        if (!spell.valid()) badRows.add(row);
    }

    private void repeatEarlierRow() {
        int index = random.nextInt(rows.size());
        if (badRows.contains(index + 2)) return;
        Object[] copy = rows.get(index).clone();
        copy[0] = String.valueOf(rows.size() + 1);
        spells.add(spells.get(index));
        duplicateRows.add(rows.size() + 2);
        rows.add(copy);
    }

    /** One bad row of a kind chosen in turn: check digit, numeric ID, impossible date, end before start. */
    private void bad(int p) {
        String id = ChineseIdsForTests.valid(random, 100_000 + p);
        Spell spell = new Spell(name(), id, false, "浙江省", "企业X", LocalDate.of(2021, 3, 1), null, false);
        spells.add(spell);
        int row = rows.size() + 2;
        Object[] values = {String.valueOf(rows.size() + 1), spell.name(), id, null, "否", "浙江省", "企业X",
                LocalDate.of(2021, 3, 1), null, "区人力社保局", null};
        switch (p % 4) {
            case 0 -> values[2] = id.substring(0, 17) + (id.charAt(17) == '0' ? "1" : "0");
            case 1 -> values[2] = Double.valueOf(id.substring(0, 17));
            case 2 -> values[7] = "2021-02-30";
            default -> values[8] = LocalDate.of(2021, 2, 1);
        }
        if (p % 4 == 1 && id.charAt(17) == 'X') values[2] = Double.valueOf(id.substring(0, 17));
        rows.add(values);
        badRows.add(row);
    }

    private String name() {
        return "" + SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()))
                + (random.nextBoolean() ? String.valueOf(GIVEN.charAt(random.nextInt(GIVEN.length()))) : "");
    }

    public Path write(String name) {
        return Workbooks.streaming(name, HEADERS, rows.size(), i -> rows.get(i));
    }

    int validRows() { return rows.size() - badRows.size(); }

    /** Distinct valid spells (the records an import creates). */
    int distinctSpells() {
        Set<String> keys = new HashSet<>();
        for (Spell s : spells) if (s.valid()) keys.add(s.id() + "|" + province(s.province()) + "|" + s.start());
        return keys.size();
    }

    /** Expected values of indicators 5–10 as of {@code asOf}: place → [all, 脱贫]. */
    public Map<String, long[]> expected(LocalDate asOf) {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        Map<String, Set<String>> poor = new LinkedHashMap<>();
        for (String place : List.of("到我省", "当地就近", "其他地区")) {
            all.put(place, new HashSet<>());
            poor.put(place, new HashSet<>());
        }
        for (Spell s : spells) {
            if (!s.valid() || s.start().isAfter(asOf) || s.end() != null && s.end().isBefore(YEAR_START)) continue;
            String place = switch (province(s.province())) {
                case "浙江省" -> "到我省";
                case "四川省" -> "当地就近";
                default -> "其他地区";
            };
            all.get(place).add(s.id());
            if (s.poor()) poor.get(place).add(s.id());
        }
        Map<String, long[]> expected = new LinkedHashMap<>();
        all.forEach((place, ids) -> expected.put(place, new long[] {ids.size(), poor.get(place).size()}));
        return expected;
    }

    private static String province(String name) {
        return name.endsWith("省") ? name : name + "省";
    }
}
