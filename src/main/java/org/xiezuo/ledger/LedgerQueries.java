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
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /**
     * The records of a plan an actor may see, with every optional filter; fixed SQL with switches
     * ({@code :byX = false or …}) so that no statement is assembled from pieces.
     */
    static final String MATCHING = """
             from ledger_entry e left join ledger_person p on p.id = e.person_id
            where e.plan_id = :plan
              and (:byKind = false or e.kind = :kind)
              and (:whole = true or e.unit_id in (:myunits)
                   or exists (select 1 from ledger_attribution a where a.entry_id = e.id and a.unit_id in (:myunits)))
              and (:byUnit = false or e.unit_id = :unit
                   or exists (select 1 from ledger_attribution a2 where a2.entry_id = e.id and a2.unit_id = :unit))
              and (:byCategory = false or e.category = :category)
              and (:byText = false or lower(e.subject) like :text or lower(p.person_name) like :text or lower(e.details) like :text)
              and (:byFrom = false or e.starts_on >= :from)
              and (:byTo = false or e.starts_on <= :to)
              and (:byBatch = false or e.batch_id = :batch)
              and (:byHash = false or p.id_hash = :hash)
              and (:byEntry = false or e.id = :entry)
              and (:byIndicator = false or exists (select 1 from ledger_binding b where b.indicator_id = :indicator and\s"""
            + Derivation.SELECTS + """
            ))
              and (:outsideBuckets = false or e.months is null or not exists (
                    select 1 from ledger_binding bb where bb.plan_id = e.plan_id and bb.kind = 'DISPATCH'
                       and (bb.min_months is not null or bb.max_months is not null)
                       and e.months >= coalesce(bb.min_months, 0) and e.months <= coalesce(bb.max_months, 2147483647)))
            """;

    private static final String COUNT = "select count(*)" + MATCHING;

    private static final String PAGE = "select e.*, p.person_name, p.id_mask, p.phone_mask" + MATCHING
            + " order by e.starts_on desc, e.id desc limit :limit offset :offset";

    /** Every matching record in the listing's order, for exports: one statement, streamed. */
    private static final String ALL = "select e.*, p.person_name, p.id_mask, p.phone_mask" + MATCHING
            + " order by e.starts_on desc, e.id desc";

    /** Rows fetched per round trip when a whole ledger is streamed (PostgreSQL uses a cursor within the transaction). */
    private static final int FETCH = 1000;

    private static final String COUNTS = "select e.kind, count(*)" + MATCHING + " group by e.kind";

    /** The switches and values of {@link #MATCHING}: everything off, the actor's scope applied. */
    private static Map<String, Object> criteria(Actor actor, PlanBook book, @Nullable LedgerKind kind) {
        Map<String, Object> params = new HashMap<>();
        params.put("plan", book.plan().id());
        params.put("byKind", kind != null);
        params.put("kind", kind == null ? "" : kind.name());
        boolean whole = LedgerScope.wholeDistrict(actor, Permission.LEDGER_READ, book);
        params.put("whole", whole);
        params.put("myunits", whole || actor.unitIds().isEmpty() ? List.of(-1L) : List.copyOf(actor.unitIds()));
        for (String name : List.of("Unit", "Category", "Text", "From", "To", "Batch", "Hash", "Entry", "Indicator")) {
            params.put("by" + name, false);
        }
        params.put("unit", -1L);
        params.put("category", "");
        params.put("text", "");
        params.put("from", Date.valueOf(LocalDate.of(1900, 1, 1)));
        params.put("to", Date.valueOf(LocalDate.of(1900, 1, 1)));
        params.put("batch", -1L);
        params.put("hash", new byte[] {0});
        params.put("entry", -1L);
        params.put("indicator", -1L);
        params.put("d", Date.valueOf(LocalDate.of(1900, 1, 1)));
        params.put("ys", Date.valueOf(book.plan().assessmentStart()));
        params.put("outsideBuckets", false);
        return params;
    }

    public Page<LedgerEntry> list(Actor actor, long planId, LedgerKind kind, Filter filter, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        return page(book, listing(actor, book, kind, filter), page, size);
    }

    /**
     * Every record of a listing with its filters, in the listing's order, for an export: one statement
     * whose rows are fetched {@value #FETCH} at a time as the stream is read (a cursor on PostgreSQL, in
     * the caller's transaction), so reading a ledger of any size costs one query and flat memory —
     * paging with {@code offset} would re-sort the ledger for every page. The records carry only their
     * own unit, not the other units they are attributed to. Call it inside a transaction of the caller's
     * and close the stream before it ends: the rows are read through that transaction's connection.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public Stream<LedgerEntry> stream(Actor actor, long planId, LedgerKind kind, Filter filter) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<Long, String> unitNames = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
        return jdbc.sql(ALL).params(listing(actor, book, kind, filter)).withFetchSize(FETCH)
                .query((rs, n) -> entry(rs, unitNames)).stream();
    }

    /** The switches and values of a listing: the actor's scope and the filters. */
    private Map<String, Object> listing(Actor actor, PlanBook book, LedgerKind kind, Filter filter) {
        Map<String, Object> params = criteria(actor, book, kind);
        if (filter.unitId() != null) on(params, "Unit", "unit", filter.unitId());
        if (filter.category() != null && !filter.category().isBlank()) on(params, "Category", "category", filter.category());
        if (filter.text() != null && !filter.text().isBlank()) {
            on(params, "Text", "text", "%" + filter.text().strip().toLowerCase().replace("%", "").replace("_", "") + "%");
        }
        if (filter.from() != null) on(params, "From", "from", Date.valueOf(filter.from()));
        if (filter.to() != null) on(params, "To", "to", Date.valueOf(filter.to()));
        if (filter.batchId() != null) on(params, "Batch", "batch", filter.batchId());
        if (filter.idNumber() != null && !filter.idNumber().isBlank()) {
            var check = ChineseIds.check(filter.idNumber(), LocalDate.now(clock.withZone(LedgerImports.CHINA)));
            on(params, "Hash", "hash", personalData.blindIndex(check.ok() ? check.requireValue() : filter.idNumber().strip()));
        }
        return params;
    }

    /** The records behind a ledger-bound indicator's figure as of a date (default today). */
    public DrillDown drillDown(Actor actor, long planId, long indicatorId, @Nullable LocalDate asOf, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        PlanBook.IndicatorRow indicator = book.indicators().stream().filter(i -> i.id() == indicatorId).findFirst()
                .orElseThrow(() -> new NotFound("指标", indicatorId));
        Binding binding = bindings.of(indicatorId).orElseThrow(() -> new NotFound("台账关联", indicatorId));
        LocalDate date = asOf != null ? asOf : LocalDate.now(clock.withZone(LedgerImports.CHINA));
        java.math.BigDecimal value = derivation.compute(book, indicatorId, date).getOrDefault(indicatorId, java.math.BigDecimal.ZERO);
        Map<String, Object> params = criteria(actor, book, binding.kind());
        on(params, "Indicator", "indicator", indicatorId);
        params.put("d", Date.valueOf(date));
        return new DrillDown(indicator, binding, date, value, page(book, params, page, size));
    }

    /**
     * Dispatched cadres whose duration falls in none of the plan's duration buckets (the dispatch
     * bindings' month ranges) — flagged for the office, e.g. exactly 6 months between 1–5 and 7–11.
     */
    public Page<LedgerEntry> outsideBuckets(Actor actor, long planId, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<String, Object> params = criteria(actor, book, LedgerKind.DISPATCH);
        params.put("outsideBuckets", true);
        return page(book, params, page, size);
    }

    public LedgerEntry entry(Actor actor, long entryId) {
        Long planId = jdbc.sql("select plan_id from ledger_entry where id = :id").param("id", entryId).query(Long.class)
                .optional().orElseThrow(() -> new NotFound("台账记录", entryId));
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<String, Object> params = criteria(actor, book, null);
        on(params, "Entry", "entry", entryId);
        List<LedgerEntry> found = page(book, params, 0, 1).items();
        if (found.isEmpty()) throw new NotFound("台账记录", entryId);
        return found.get(0);
    }

    /** Counts of records per kind, for the ledger overview. */
    public Map<LedgerKind, Long> counts(Actor actor, long planId) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<LedgerKind, Long> counts = new LinkedHashMap<>();
        for (LedgerKind kind : LedgerKind.values()) counts.put(kind, 0L);
        jdbc.sql(COUNTS).params(criteria(actor, book, null))
                .query(rs -> { counts.put(LedgerKind.valueOf(rs.getString(1)), rs.getLong(2)); });
        return counts;
    }

    private static void on(Map<String, Object> params, String name, String key, Object value) {
        params.put("by" + name, true);
        params.put(key, value);
    }

    /** An import batch as listed for the office. */
    public record Batch(long id, LedgerKind kind, String fileName, @Nullable String unitName, String mode, int rowsRead,
                        int accepted, int updated, int duplicates, int rejected, String status, String createdBy,
                        java.time.Instant createdAt, @Nullable String rolledBackBy, java.time.@Nullable Instant rolledBackAt) {
        public boolean rolledBack() { return "ROLLED_BACK".equals(status); }
    }

    private static final String BATCHES = """
             from ledger_batch
            where plan_id = :plan and (:byKind = false or kind = :kind)
              and (:whole = true or unit_id in (:myunits) or created_by = :actor)
            """;

    private static final String BATCH_COUNT = "select count(*)" + BATCHES;

    private static final String BATCH_PAGE = "select *" + BATCHES + " order by id desc limit :limit offset :offset";

    public Page<Batch> batches(Actor actor, long planId, @Nullable LedgerKind kind, int page, int size) {
        PlanBook book = scope.plan(actor, Permission.LEDGER_READ, planId);
        Map<Long, String> units = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
        Map<String, Object> params = criteria(actor, book, kind);
        params.put("actor", actor.name());
        int safeSize = Math.max(1, Math.min(size, MAX_PAGE));
        int safePage = Math.max(0, page);
        params.put("limit", safeSize);
        params.put("offset", (long) safePage * safeSize);
        long total = jdbc.sql(BATCH_COUNT).params(params).query(Long.class).single();
        List<Batch> items = jdbc.sql(BATCH_PAGE).params(params)
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
        return new Page<>(items, safePage, safeSize, total);
    }

    // ------------------------------------------------------------------ internals

    private Page<LedgerEntry> page(PlanBook book, Map<String, Object> params, int page, int size) {
        int safeSize = Math.max(1, Math.min(size, MAX_PAGE));
        int safePage = Math.max(0, page);
        params.put("limit", safeSize);
        params.put("offset", (long) safePage * safeSize);
        long total = jdbc.sql(COUNT).params(params).query(Long.class).single();
        Map<Long, String> unitNames = book.units().stream().collect(Collectors.toMap(PlanBook.UnitRow::id, PlanBook.UnitRow::name));
        List<LedgerEntry> items = jdbc.sql(PAGE).params(params).query((rs, n) -> entry(rs, unitNames)).list();
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
        // java.time straight from the driver: no Calendar per value, which the export of a large ledger pays per row
        LocalDate ends = rs.getObject("ends_on", LocalDate.class);
        LocalDate planned = rs.getObject("planned_end", LocalDate.class);
        java.time.OffsetDateTime updated = rs.getObject("updated_at", java.time.OffsetDateTime.class);
        boolean flagValue = rs.getBoolean("flag");
        Boolean flag = rs.wasNull() ? null : flagValue;
        return new LedgerEntry(rs.getLong("id"), rs.getLong("plan_id"), LedgerKind.valueOf(rs.getString("kind")), personId,
                rs.getString("person_name"), rs.getString("id_mask"), rs.getString("phone_mask"), unitId,
                unitId == null ? null : unitNames.get(unitId), List.of(), rs.getString("category"), rs.getString("subject"),
                rs.getString("region"), rs.getObject("starts_on", LocalDate.class), ends, planned,
                integer(rs, "months"), rs.getBigDecimal("amount"),
                rs.getString("amount_unit"), integer(rs, "n1"), integer(rs, "n2"), integer(rs, "n3"), integer(rs, "n4"), flag,
                EntryDetails.read(rs.getString("details")), batchId, rs.getString("created_by"),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(), rs.getString("updated_by"),
                updated == null ? null : updated.toInstant(), rs.getInt("version"));
    }

    private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
