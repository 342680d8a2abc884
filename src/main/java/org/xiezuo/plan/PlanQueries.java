package org.xiezuo.plan;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.plan.PlanBook.IndicatorRow;
import org.xiezuo.plan.PlanBook.TaskRow;
import org.xiezuo.plan.PlanBook.UnitRef;
import org.xiezuo.plan.PlanBook.UnitRow;
import java.util.Optional;
import java.util.Set;

import org.xiezuo.audit.AuditEntry;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.Refusals;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/** Read models of plans for pages, the API and exports; a fixed number of queries per call. */
@Component
@Transactional(readOnly = true)
public class PlanQueries {

    private final JdbcClient jdbc;
    private final Refusals refusals;
    private final AuditTrail audit;

    PlanQueries(JdbcClient jdbc, Refusals refusals, AuditTrail audit) {
        this.jdbc = jdbc;
        this.refusals = refusals;
        this.audit = audit;
    }

    /** One line of the plan list. */
    public record PlanSummary(long id, String title, int year, @Nullable String documentNumber, String district,
                              String programme, PlanStatus status, boolean demo, int tasks, int indicators,
                              java.time.Instant createdAt) {}

    /** A page of results; {@code number} counts from 0. */
    public record Page<T>(List<T> items, int number, int size, long total) {
        public int pages() { return (int) Math.max(1, (total + size - 1) / size); }

        public boolean hasPrevious() { return number > 0; }

        public boolean hasNext() { return number + 1 < pages(); }
    }

    public Page<PlanSummary> list(Actor actor, int page, int size) {
        Access.require(actor, Permission.PLAN_READ);
        int safeSize = Math.max(1, Math.min(size, 100));
        int safePage = Math.max(0, page);
        Optional<Set<Long>> districts = Access.visibleDistricts(actor, Permission.PLAN_READ);
        if (districts.isPresent() && districts.get().isEmpty()) return new Page<>(List.of(), safePage, safeSize, 0);
        // the scope is a bound list of district ids, never SQL text
        List<Long> scope = districts.map(List::copyOf).orElse(List.of(-1L));
        boolean all = districts.isEmpty();
        long total = jdbc.sql("select count(*) from plan where :all or district_id in (:scope)")
                .param("all", all).param("scope", scope).query(Long.class).single();
        List<PlanSummary> items = jdbc.sql("""
                select p.id, p.title, p.plan_year, p.document_number, d.name as district, g.name as programme,
                       p.status, p.demo, p.created_at,
                       (select count(*) from plan_task t where t.plan_id = p.id) as task_count,
                       (select count(*) from plan_indicator i where i.plan_id = p.id) as indicator_count
                from plan p join unit_district d on d.id = p.district_id join plan_programme g on g.code = p.programme_code
                where :all or p.district_id in (:scope)
                order by p.plan_year desc, p.id desc limit :limit offset :offset
                """)
                .param("all", all).param("scope", scope)
                .param("limit", safeSize).param("offset", (long) safePage * safeSize)
                .query((rs, n) -> new PlanSummary(rs.getLong("id"), rs.getString("title"), rs.getInt("plan_year"),
                        rs.getString("document_number"), rs.getString("district"), rs.getString("programme"),
                        PlanStatus.valueOf(rs.getString("status")), rs.getBoolean("demo"), rs.getInt("task_count"),
                        rs.getInt("indicator_count"), instant(rs, "created_at")))
                .list();
        return new Page<>(items, safePage, safeSize, total);
    }

    /**
     * The plan as the actor may see it: the whole book for the district's office and leaders, only the
     * work of its own units for a unit's reporter or head. Another district's plan is not found (and the
     * attempt audited).
     */
    public PlanBook book(Actor actor, long planId) {
        Access.require(actor, Permission.PLAN_READ);
        return visibleIn(actor, load(planId));
    }

    /** {@link #book(Actor, long)} for a whole book already loaded (with {@code Actor.system()}): no second load. */
    public PlanBook visibleIn(Actor actor, PlanBook whole) {
        Access.require(actor, Permission.PLAN_READ);
        long district = whole.plan().districtId();
        if (!Access.seesDistrict(actor, Permission.PLAN_READ, district)) throw refusals.hidden(actor, "任务书", whole.plan().id());
        return Access.reachesDistrict(actor, Permission.PLAN_READ, district) ? whole : whole.restrictedTo(actor.unitIds());
    }

    /**
     * The history of a plan as the actor may see it, newest first: everything for the district's office
     * and leaders; for a unit's reporter or head only the changes to its own tasks, indicators and units.
     */
    public Page<AuditEntry> history(Actor actor, long planId, int page, int size) {
        PlanBook book = book(actor, planId);
        int safeSize = Math.max(1, Math.min(size, 200));
        int safePage = Math.max(0, page);
        List<Long> units = book.units().stream().map(PlanBook.UnitRow::id).toList();
        if (Access.reachesDistrict(actor, Permission.PLAN_READ, book.plan().districtId())) {
            return new Page<>(audit.planHistory(planId, units, safeSize, safePage * safeSize), safePage, safeSize,
                    audit.countPlanHistory(planId, units));
        }
        List<Long> own = units.stream().filter(actor.unitIds()::contains).toList();
        List<Long> tasks = book.tasks().stream().map(TaskRow::id).toList();
        List<Long> indicators = book.indicators().stream().map(IndicatorRow::id).toList();
        return new Page<>(audit.objectHistory(planId, tasks, indicators, own, safeSize, safePage * safeSize), safePage,
                safeSize, audit.countObjectHistory(planId, tasks, indicators, own));
    }

    /** One unit's work in a plan, if the actor's scope reaches the unit; a unit not in the plan is not found. */
    public PlanBook.UnitRow unit(Actor actor, long planId, long unitId) {
        PlanBook visible = book(actor, planId);
        return visible.units().stream().filter(u -> u.id() == unitId).findFirst().orElseThrow(() -> {
            boolean inPlan = load(planId).units().stream().anyMatch(u -> u.id() == unitId);
            return inPlan ? refusals.hidden(actor, "单位", unitId) : new NotFound("单位", unitId);
        });
    }

    /** One task, if the actor's scope reaches it. */
    public TaskRow task(Actor actor, long taskId) {
        Access.require(actor, Permission.PLAN_READ);
        long planId = jdbc.sql("select plan_id from plan_task where id = :id").param("id", taskId).query(Long.class)
                .optional().orElseThrow(() -> new NotFound("任务", taskId));
        PlanBook book = load(planId);
        TaskRow task = book.tasks().stream().filter(t -> t.id() == taskId).findFirst().orElseThrow();
        if (!Access.reaches(actor, Permission.PLAN_READ, book.plan().districtId(),
                task.units().stream().map(UnitRef::id).toList())) {
            throw refusals.hidden(actor, "任务", taskId);
        }
        return task;
    }

    /**
     * Every target revision of the plan's indicators, oldest first per indicator, for the assessment's
     * target in force on a date. The caller has checked that the actor may read the plan.
     */
    public Map<Long, List<TargetRevision>> targetRevisions(long planId) {
        Map<Long, List<TargetRevision>> revisions = new HashMap<>();
        jdbc.sql("""
                select r.indicator_id, r.revised_at, r.effective_on, r.old_target, r.old_target_text, r.new_target,
                       r.new_target_text, r.reason, r.revised_by
                  from plan_target_revision r join plan_indicator i on i.id = r.indicator_id
                 where i.plan_id = :plan
                 order by r.indicator_id, r.list_index
                """).param("plan", planId).query(rs -> {
                    revisions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new TargetRevision(
                            rs.getTimestamp(2).toInstant(), rs.getDate(3).toLocalDate(), rs.getBigDecimal(4), rs.getString(5),
                            rs.getBigDecimal(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                });
        return revisions;
    }

    /** The id of the newest plan the actor may read (where menu entries such as 考核 and 督办 lead). */
    public Optional<Long> newestId(Actor actor) {
        return list(actor, 0, 1).items().stream().findFirst().map(PlanSummary::id);
    }

    /** One indicator, if the actor's scope reaches it. */
    public IndicatorRow indicator(Actor actor, long indicatorId) {
        Access.require(actor, Permission.PLAN_READ);
        long planId = jdbc.sql("select plan_id from plan_indicator where id = :id").param("id", indicatorId)
                .query(Long.class).optional().orElseThrow(() -> new NotFound("指标", indicatorId));
        PlanBook book = load(planId);
        IndicatorRow row = book.indicators().stream().filter(i -> i.id() == indicatorId).findFirst().orElseThrow();
        if (!Access.reaches(actor, Permission.PLAN_READ, book.plan().districtId(),
                row.units().stream().map(UnitRef::id).toList())) {
            throw refusals.hidden(actor, "指标", indicatorId);
        }
        return row;
    }

    /**
     * The plan's header, if the actor may read the plan (the same check and refusal as
     * {@link #book(Actor, long)}, without loading the tasks and indicators).
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true) // one statement: no transaction of its own
    public PlanBook.Header header(Actor actor, long planId) {
        Access.require(actor, Permission.PLAN_READ);
        PlanBook.Header header = header(planId);
        if (!Access.seesDistrict(actor, Permission.PLAN_READ, header.districtId())) throw refusals.hidden(actor, "任务书", planId);
        return header;
    }

    /**
     * Indicator id → unit of measure (null when none) of every indicator of a plan, in one statement: what
     * a derivation of ledger values needs from the plan besides its header, without loading the whole book.
     * No access check: for callers that already hold the plan (the system's derivation).
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<Long, @Nullable String> measureUnits(long planId) {
        Map<Long, @Nullable String> units = new java.util.HashMap<>();
        jdbc.sql(MEASURE_UNITS).param("plan", planId).query(rs -> {
            units.put(rs.getLong(1), rs.getString(2));
        });
        return units;
    }

    private static final String MEASURE_UNITS = "select id, measure_unit from plan_indicator where plan_id = :plan";

    private PlanBook load(long planId) {
        PlanBook.Header header = header(planId);
        return load(header);
    }

    private PlanBook.Header header(long planId) {
        return jdbc.sql("""
                select p.*, d.name as district_name, g.name as programme_name
                from plan p join unit_district d on d.id = p.district_id join plan_programme g on g.code = p.programme_code
                where p.id = :id
                """)
                .param("id", planId)
                .query((rs, n) -> new PlanBook.Header(rs.getLong("id"), rs.getInt("version"), rs.getLong("district_id"),
                        rs.getString("district_name"), rs.getString("programme_code"), rs.getString("programme_name"),
                        rs.getString("title"), rs.getString("notice_title"), rs.getInt("plan_year"),
                        rs.getString("east_region"), rs.getString("west_region"), rs.getString("east_province"),
                        rs.getString("west_province"), rs.getString("document_number"), rs.getString("issuer"),
                        date(rs, "issued_on"), date(rs, "assessment_start"), date(rs, "assessment_end"),
                        PlanStatus.valueOf(rs.getString("status")), rs.getBoolean("demo"),
                        (Long) rs.getObject("source_document_id", Long.class), instant(rs, "created_at"),
                        rs.getString("created_by")))
                .optional().orElseThrow(() -> new NotFound("任务书", planId));
    }

    private PlanBook load(PlanBook.Header header) {
        long planId = header.id();
        Map<Long, String> unitNames = new HashMap<>();
        Map<Long, List<String>> aliases = new HashMap<>();
        jdbc.sql("select id, name from unit where district_id = :d").param("d", header.districtId())
                .query(rs -> { unitNames.put(rs.getLong("id"), rs.getString("name")); });
        jdbc.sql("""
                select a.unit_id, a.alias from unit_alias a join unit u on u.id = a.unit_id
                where u.district_id = :d order by a.unit_id, a.list_index
                """).param("d", header.districtId())
                .query(rs -> { aliases.computeIfAbsent(rs.getLong("unit_id"), k -> new ArrayList<>()).add(rs.getString("alias")); });

        Map<Long, List<UnitRef>> taskUnits = unitLists("""
                select tu.task_id as owner, tu.unit_id from plan_task_unit tu join plan_task t on t.id = tu.task_id
                where t.plan_id = :planId order by tu.task_id, tu.list_index
                """, planId, unitNames);
        List<TaskRow> tasks = jdbc.sql("select * from plan_task where plan_id = :planId order by position, id")
                .param("planId", planId)
                .query((rs, n) -> new TaskRow(rs.getLong("id"), rs.getInt("version"), rs.getInt("position"),
                        rs.getInt("seq"), rs.getString("task_text"), date(rs, "deadline"),
                        taskUnits.getOrDefault(rs.getLong("id"), List.of()), rs.getString("source_location")))
                .list();

        Map<Long, List<UnitRef>> indicatorUnits = unitLists("""
                select iu.indicator_id as owner, iu.unit_id from plan_indicator_unit iu
                join plan_indicator i on i.id = iu.indicator_id
                where i.plan_id = :planId order by iu.indicator_id, iu.list_index
                """, planId, unitNames);
        Map<Long, Integer> revisions = new HashMap<>();
        jdbc.sql("""
                select r.indicator_id, count(*) as n from plan_target_revision r
                join plan_indicator i on i.id = r.indicator_id where i.plan_id = :planId group by r.indicator_id
                """).param("planId", planId).query(rs -> { revisions.put(rs.getLong("indicator_id"), rs.getInt("n")); });
        List<IndicatorRow> read = jdbc.sql("select * from plan_indicator where plan_id = :planId order by position, id")
                .param("planId", planId)
                .query((rs, n) -> {
                    long id = rs.getLong("id");
                    BigDecimal target = rs.getBigDecimal("target");
                    return new IndicatorRow(id, rs.getInt("version"), rs.getInt("position"), rs.getString("code"),
                            rs.getString("category"), rs.getString("name"), rs.getString("measure_unit"),
                            target == null ? null : ExactDecimal.normalise(target), rs.getString("target_text"),
                            Assessment.valueOf(rs.getString("assessment")), StockRule.valueOf(rs.getString("stock_rule")),
                            rs.getObject("parent_id", Long.class), null, indicatorUnits.getOrDefault(id, List.of()),
                            revisions.getOrDefault(id, 0), rs.getString("source_location"));
                })
                .list();
        Map<Long, String> names = new HashMap<>();
        read.forEach(i -> names.put(i.id(), i.name()));
        List<IndicatorRow> indicators = read.stream().map(i -> i.parentId() == null ? i : i.withParentName(names.get(i.parentId())))
                .toList();
        return new PlanBook(header, unitRows(tasks, indicators, aliases), tasks, indicators);
    }

    /** Units in the order the plan names them: task sections first, then the indicator table. */
    private static List<UnitRow> unitRows(List<TaskRow> tasks, List<IndicatorRow> indicators, Map<Long, List<String>> aliases) {
        Map<Long, int[]> counts = new LinkedHashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (TaskRow t : tasks) {
            for (int i = 0; i < t.units().size(); i++) {
                UnitRef u = t.units().get(i);
                names.put(u.id(), u.name());
                counts.computeIfAbsent(u.id(), k -> new int[4])[i == 0 ? 0 : 1]++;
            }
        }
        for (IndicatorRow row : indicators) {
            for (int i = 0; i < row.units().size(); i++) {
                UnitRef u = row.units().get(i);
                names.put(u.id(), u.name());
                counts.computeIfAbsent(u.id(), k -> new int[4])[i == 0 ? 2 : 3]++;
            }
        }
        List<UnitRow> rows = new ArrayList<>();
        counts.forEach((id, c) -> rows.add(new UnitRow(id, names.get(id), aliases.getOrDefault(id, List.of()), c[0], c[1],
                c[2], c[3])));
        return rows;
    }

    private Map<Long, List<UnitRef>> unitLists(String sql, long planId, Map<Long, String> unitNames) {
        Map<Long, List<UnitRef>> lists = new HashMap<>();
        jdbc.sql(sql).param("planId", planId).query(rs -> {
            long unitId = rs.getLong("unit_id");
            lists.computeIfAbsent(rs.getLong("owner"), k -> new ArrayList<>())
                    .add(new UnitRef(unitId, unitNames.getOrDefault(unitId, "?")));
        });
        return lists;
    }

    private static @Nullable LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp.toInstant();
    }
}
