package org.xiezuo.ledger;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.ledger.personal.ChineseIds;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * Reads ledgers as the actor may see them — the office and leaders the whole plan, reporters and unit
 * heads the records their units reported — with personal data masked: a page of records with filters,
 * the records behind a ledger-bound indicator as of a date (drill-down), one record, the import batches.
 */
@Component
@Transactional(readOnly = true)
public class LedgerQueries {

    public static final int MAX_PAGE = 200;

    private final LedgerScope scope;
    private final Bindings bindings;
    private final Derivation derivation;
    private final PersonalData personalData;
    private final JdbcClient jdbc;
    private final java.time.Clock clock;

    LedgerQueries(LedgerScope scope, Bindings bindings, Derivation derivation, PersonalData personalData, JdbcClient jdbc,
                  java.time.Clock clock) {
        this.scope = scope;
        this.bindings = bindings;
        this.derivation = derivation;
        this.personalData = personalData;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Filters of a ledger listing; all optional. {@code idNumber} is matched exactly through the keyed hash. */
    public record Filter(@Nullable Long unitId, @Nullable String category, @Nullable String text, @Nullable LocalDate from,
                         @Nullable LocalDate to, @Nullable Long batchId, @Nullable String idNumber) {
        public static Filter none() { return new Filter(null, null, null, null, null, null, null); }
    }

    public record Page<T>(List<T> items, int number, int size, long total) {
        public int pages() { return (int) Math.max(1, (total + size - 1) / size); }

        public boolean hasPrevious() { return number > 0; }

        public boolean hasNext() { return number + 1 < pages(); }
    }

    /** A ledger-bound figure and the records behind it. */
    public record DrillDown(PlanBook.IndicatorRow indicator, Binding binding, LocalDate asOf, java.math.BigDecimal value,
                            Page<LedgerEntry> records) {}

    public Page<LedgerEntry> list(Actor actor, long planId, LedgerKind kind, Filter filter, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Where where = new Where(planId, kind);
        restrict(actor, book, where);
        if (filter.unitId() != null) where.add("exists (select 1 from ledger_attribution a where a.entry_id = e.id and a.unit_id = :funit)", "funit", filter.unitId());
        if (filter.category() != null && !filter.category().isBlank()) where.add("e.category = :cat", "cat", filter.category());
        if (filter.text() != null && !filter.text().isBlank()) {
            where.add("(lower(e.subject) like :text or lower(p.person_name) like :text or lower(e.details) like :text)",
                    "text", "%" + filter.text().strip().toLowerCase().replace("%", "").replace("_", "") + "%");
        }
        if (filter.from() != null) where.add("e.starts_on >= :from", "from", Date.valueOf(filter.from()));
        if (filter.to() != null) where.add("e.starts_on <= :to", "to", Date.valueOf(filter.to()));
        if (filter.batchId() != null) where.add("e.batch_id = :batch", "batch", filter.batchId());
        if (filter.idNumber() != null && !filter.idNumber().isBlank()) {
            var check = ChineseIds.check(filter.idNumber(), LocalDate.now(clock));
            byte[] hash = personalData.blindIndex(check.ok() ? check.value() : filter.idNumber().strip());
            where.add("p.id_hash = :hash", "hash", hash);
        }
        return page(book, where, page, size);
    }

    /** The records behind a ledger-bound indicator's figure as of a date (default today). */
    public DrillDown drillDown(Actor actor, long planId, long indicatorId, @Nullable LocalDate asOf, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        PlanBook.IndicatorRow indicator = book.indicators().stream().filter(i -> i.id() == indicatorId).findFirst()
                .orElseThrow(() -> new NotFound("指标", indicatorId));
        Binding binding = bindings.of(indicatorId).orElseThrow(() -> new NotFound("台账关联", indicatorId));
        LocalDate date = asOf != null ? asOf : LocalDate.now(clock.withZone(LedgerImports.CHINA));
        java.math.BigDecimal value = derivation.compute(book, List.of(binding), date).get(indicatorId);
        Where where = new Where(planId, binding.kind());
        where.add(binding.condition(), "d", Date.valueOf(date));
        where.params.put("ys", Date.valueOf(book.plan().assessmentStart()));
        restrict(actor, book, where);
        return new DrillDown(indicator, binding, date, value, page(book, where, page, size));
    }

    public LedgerEntry entry(Actor actor, long entryId) {
        Long planId = jdbc.sql("select plan_id from ledger_entry where id = :id").param("id", entryId).query(Long.class)
                .optional().orElseThrow(() -> new NotFound("台账记录", entryId));
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        LedgerKind kind = LedgerKind.valueOf(jdbc.sql("select kind from ledger_entry where id = :id").param("id", entryId)
                .query(String.class).single());
        Where where = new Where(planId, kind);
        where.add("e.id = :entry", "entry", entryId);
        restrict(actor, book, where);
        List<LedgerEntry> found = page(book, where, 0, 1).items();
        if (found.isEmpty()) throw new NotFound("台账记录", entryId);
        return found.get(0);
    }

    /** Counts of records per kind, for the ledger overview. */
    public Map<LedgerKind, Long> counts(Actor actor, long planId) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<LedgerKind, Long> counts = new LinkedHashMap<>();
        for (LedgerKind kind : LedgerKind.values()) counts.put(kind, 0L);
        Where where = new Where(planId, null);
        restrict(actor, book, where);
        jdbc.sql("select e.kind, count(*) from ledger_entry e left join ledger_person p on p.id = e.person_id where "
                        + where.sql() + " group by e.kind")
                .params(where.params).query(rs -> { counts.put(LedgerKind.valueOf(rs.getString(1)), rs.getLong(2)); });
        return counts;
    }

    /** An import batch as listed for the office. */
    public record Batch(long id, LedgerKind kind, String fileName, @Nullable String unitName, String mode, int rowsRead,
                        int accepted, int updated, int duplicates, int rejected, String status, String createdBy,
                        java.time.Instant createdAt, @Nullable String rolledBackBy, java.time.@Nullable Instant rolledBackAt) {
        public boolean rolledBack() { return "ROLLED_BACK".equals(status); }
    }

    public Page<Batch> batches(Actor actor, long planId, @Nullable LedgerKind kind, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<Long, String> units = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
        boolean whole = LedgerScope.wholeDistrict(actor, Permission.LEDGER_READ, book);
        String condition = "plan_id = :plan" + (kind == null ? "" : " and kind = :kind")
                + (whole ? "" : " and (unit_id in (:units) or created_by = :actor)");
        Map<String, Object> params = new HashMap<>();
        params.put("plan", planId);
        if (kind != null) params.put("kind", kind.name());
        if (!whole) {
            params.put("units", actor.unitIds().isEmpty() ? List.of(-1L) : actor.unitIds());
            params.put("actor", actor.name());
        }
        int safeSize = Math.max(1, Math.min(size, MAX_PAGE));
        long total = jdbc.sql("select count(*) from ledger_batch where " + condition).params(params).query(Long.class).single();
        List<Batch> items = jdbc.sql("select * from ledger_batch where " + condition + " order by id desc limit " + safeSize
                        + " offset " + (long) Math.max(0, page) * safeSize).params(params)
                .query((rs, n) -> {
                    long unit = rs.getLong("unit_id");
                    String unitName = rs.wasNull() ? null : units.get(unit);
                    java.sql.Timestamp rolled = rs.getTimestamp("rolled_back_at");
                    return new Batch(rs.getLong("id"), LedgerKind.valueOf(rs.getString("kind")), rs.getString("file_name"), unitName,
                            rs.getString("import_mode"), rs.getInt("rows_read"), rs.getInt("accepted"), rs.getInt("updated"),
                            rs.getInt("duplicates"), rs.getInt("rejected"), rs.getString("status"), rs.getString("created_by"),
                            rs.getTimestamp("created_at").toInstant(), rs.getString("rolled_back_by"),
                            rolled == null ? null : rolled.toInstant());
                }).list();
        return new Page<>(items, Math.max(0, page), safeSize, total);
    }

    // ------------------------------------------------------------------ internals

    /** Reporters and unit heads see the records their units reported; the office and leaders all. */
    private static void restrict(Actor actor, PlanBook book, Where where) {
        if (LedgerScope.wholeDistrict(actor, Permission.LEDGER_READ, book)) return;
        Set<Long> units = actor.unitIds().isEmpty() ? Set.of(-1L) : actor.unitIds();
        where.add("exists (select 1 from ledger_attribution a where a.entry_id = e.id and a.unit_id in (:myunits))", "myunits", units);
    }

    private Page<LedgerEntry> page(PlanBook book, Where where, int page, int size) {
        int safeSize = Math.max(1, Math.min(size, MAX_PAGE));
        int safePage = Math.max(0, page);
        String from = " from ledger_entry e left join ledger_person p on p.id = e.person_id where " + where.sql();
        long total = jdbc.sql("select count(*)" + from).params(where.params).query(Long.class).single();
        Map<Long, String> unitNames = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
        List<LedgerEntry> items = jdbc.sql("select e.*, p.person_name, p.id_mask, p.phone_mask" + from
                        + " order by e.starts_on desc, e.id desc limit " + safeSize + " offset " + (long) safePage * safeSize)
                .params(where.params).query((rs, n) -> entry(rs, unitNames)).list();
        if (!items.isEmpty()) {
            Map<Long, List<String>> attributed = new HashMap<>();
            jdbc.sql("select entry_id, unit_id from ledger_attribution where entry_id in (:ids) order by entry_id, unit_id")
                    .param("ids", items.stream().map(LedgerEntry::id).toList())
                    .query(rs -> { attributed.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(unitNames.getOrDefault(rs.getLong(2), "单位" + rs.getLong(2))); });
            items = items.stream().map(e -> withUnits(e, attributed.getOrDefault(e.id(), List.of()))).toList();
        }
        return new Page<>(items, safePage, safeSize, total);
    }

    private static LedgerEntry withUnits(LedgerEntry e, List<String> units) {
        List<String> ordered = new ArrayList<>();
        if (e.unitName() != null) ordered.add(e.unitName());
        units.stream().filter(u -> !u.equals(e.unitName())).forEach(ordered::add);
        return new LedgerEntry(e.id(), e.planId(), e.kind(), e.personId(), e.personName(), e.idMask(), e.phoneMask(), e.unitId(),
                e.unitName(), ordered, e.category(), e.subject(), e.region(), e.startsOn(), e.endsOn(), e.plannedEnd(), e.months(),
                e.amount(), e.amountUnit(), e.n1(), e.n2(), e.n3(), e.n4(), e.flag(), e.details(), e.batchId(), e.createdBy(),
                e.createdAt(), e.updatedBy(), e.updatedAt(), e.version());
    }

    static LedgerEntry entry(ResultSet rs, Map<Long, String> unitNames) throws SQLException {
        long unit = rs.getLong("unit_id");
        Long unitId = rs.wasNull() ? null : unit;
        long person = rs.getLong("person_id");
        Long personId = rs.wasNull() ? null : person;
        long batch = rs.getLong("batch_id");
        Long batchId = rs.wasNull() ? null : batch;
        Date ends = rs.getDate("ends_on");
        Date planned = rs.getDate("planned_end");
        java.sql.Timestamp updated = rs.getTimestamp("updated_at");
        boolean flagValue = rs.getBoolean("flag");
        Boolean flag = rs.wasNull() ? null : flagValue;
        return new LedgerEntry(rs.getLong("id"), rs.getLong("plan_id"), LedgerKind.valueOf(rs.getString("kind")), personId,
                rs.getString("person_name"), rs.getString("id_mask"), rs.getString("phone_mask"), unitId,
                unitId == null ? null : unitNames.get(unitId), List.of(), rs.getString("category"), rs.getString("subject"),
                rs.getString("region"), rs.getDate("starts_on").toLocalDate(), ends == null ? null : ends.toLocalDate(),
                planned == null ? null : planned.toLocalDate(), integer(rs, "months"), rs.getBigDecimal("amount"),
                rs.getString("amount_unit"), integer(rs, "n1"), integer(rs, "n2"), integer(rs, "n3"), integer(rs, "n4"), flag,
                EntryDetails.read(rs.getString("details")), batchId, rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("updated_by"), updated == null ? null : updated.toInstant(),
                rs.getInt("version"));
    }

    private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A WHERE clause over {@code ledger_entry e} (and {@code ledger_person p}) with its named parameters. */
    static final class Where {
        final List<String> conditions = new ArrayList<>();
        final Map<String, Object> params = new HashMap<>();

        Where(long planId, @Nullable LedgerKind kind) {
            add("e.plan_id = :plan", "plan", planId);
            if (kind != null) add("e.kind = :kind", "kind", kind.name());
        }

        void add(String condition, String name, Object value) {
            conditions.add(condition);
            params.put(name, value);
        }

        String sql() { return String.join(" and ", conditions); }
    }
}
