package org.xiezuo.bench;

import java.util.Map;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Employment records straight into the ledger tables with set-based SQL (generate_series), in the form
 * the import writes them ({@code Ingest}): one person per record in {@code ledger_person}, one
 * {@code EMPLOYMENT} entry each in {@code ledger_entry} (natural key and facts as 64-hex strings,
 * category from the province as {@code RowMapping.placeCategory} gives it, employer/remark/序号 in the
 * details JSON), and the reporting unit as the entry's own ({@code unit_id}). Far faster than importing a workbook (W1
 * measures that), and enough for the export, which reads what a listing reads.
 *
 * <p><b>The personal-data ciphertexts are placeholders.</b> {@code id_cipher} and {@code phone_cipher}
 * hold one zero byte, which {@code PersonalData.open} would refuse: the masked export never opens them —
 * it reads {@code id_mask}, {@code phone_mask} and {@code person_name} — so it sees exactly what it
 * sees after an import. A full export or a reveal of these rows would fail. The blind index is a
 * SHA-256 of a per-plan counter (unique, as {@code unique (plan_id, id_hash)} needs).
 */
final class EmploymentRows {

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂";

    private static final String PERSONS = """
            insert into ledger_person (plan_id, id_hash, id_cipher, id_key, id_mask, person_name, phone_cipher, phone_key,
                                       phone_mask, created_at)
            select :plan, sha256(convert_to(:plan || '-' || g, 'UTF8')), '\\x00'::bytea, 1,
                   '330' || repeat('*', 11) || lpad(((g::bigint * 7919) % 10000)::text, 4, '0'),
                   substr(:surnames, 1 + g % 20, 1) || substr(:given, 1 + (g / 20) % 26, 1) || substr(:given, 1 + (g / 520) % 26, 1),
                   '\\x00'::bytea, 1, '138****' || lpad(((g::bigint * 104729) % 10000)::text, 4, '0'), now()
            from generate_series(1, :n) g""";

    private static final String ENTRIES = """
            insert into ledger_entry (plan_id, kind, natural_key, person_id, unit_id, category, region, starts_on, ends_on, flag,
                                      details, facts, created_by, created_at)
            select x.plan_id, 'EMPLOYMENT', encode(sha256(convert_to('k' || x.id, 'UTF8')), 'hex'), x.id, :unit,
                   case x.r when 0 then :eastCategory when 1 then :localCategory else :otherCategory end,
                   case x.r when 0 then :east when 1 then :west else '广东省' end,
                   date '2021-01-04' + ((x.id * 7919) % 300)::int,
                   case when x.id % 10 = 0 then date '2021-12-20' end,
                   x.id % 3 = 0,
                   '{"employer":"舟山市普陀区企业' || (x.id % 500) || '号"'
                       || case when x.id % 1000 = 0 then ',"remark":"=HYPERLINK(\\"http://x\\",\\"点\\")"'
                               when x.id % 20 = 0 then ',"remark":"已续签劳动合同"' else '' end
                       || ',"seq":"' || (x.id - x.first + 1) || '"}',
                   encode(sha256(convert_to('f' || x.id, 'UTF8')), 'hex'), 'bench', now()
            from (select p.plan_id, p.id, (p.id % 5) % 3 as r, min(p.id) over () as first from ledger_person p
                  where p.plan_id = :plan) x""";

    private EmploymentRows() {}

    /** Writes {@code n} employment records of the plan, credited to {@code unit}; then ANALYZE. */
    static void load(NamedParameterJdbcTemplate jdbc, long planId, long unit, String eastProvince, String westProvince, int n) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("plan", planId);
        p.put("n", n);
        p.put("unit", unit);
        p.put("surnames", SURNAMES);
        p.put("given", GIVEN);
        p.put("east", eastProvince);
        p.put("west", westProvince);
        p.put("eastCategory", "到我省");
        p.put("localCategory", "当地就近");
        p.put("otherCategory", "其他地区");
        jdbc.update(PERSONS, p);
        jdbc.update(ENTRIES, p);
        jdbc.getJdbcTemplate().execute("analyze ledger_person");
        jdbc.getJdbcTemplate().execute("analyze ledger_entry");
    }

    /** Removes the plan's ledger rows (between sizes, so each size runs on a ledger of its own size). */
    static void empty(NamedParameterJdbcTemplate jdbc, long planId) {
        Map<String, Object> p = Map.of("plan", planId);
        jdbc.update("delete from ledger_attribution where entry_id in (select id from ledger_entry where plan_id = :plan)", p);
        jdbc.update("delete from ledger_entry where plan_id = :plan", p);
        jdbc.update("delete from ledger_person where plan_id = :plan", p);
    }
}
