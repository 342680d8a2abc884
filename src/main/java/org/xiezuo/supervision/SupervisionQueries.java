package org.xiezuo.supervision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * Supervision orders as the actor may see them: the district's office and leaders see every order of the
 * plan; a unit's reader sees the issued orders addressed to its units. Drafts are the office's only.
 */
@Component
@Transactional(readOnly = true)
public class SupervisionQueries {

    private static final String ORDER_COLUMNS = """
            select o.id, o.plan_id, o.order_year, o.seq, o.number, o.matter_kind, o.indicator_id, o.task_id, o.period_id, o.matter,
                   o.requirement, o.response_deadline, o.evidence, o.status, o.auto_key, o.created_by, o.created_at, o.issued_by,
                   o.issued_at, o.closed_at, o.version
              from supervision_order o
            """;
    private static final String PART_COLUMNS = """
            select p.id, p.order_id, p.unit_id, u.name, p.state, p.measures, p.expected_completion, p.answered_by, p.answered_at,
                   p.return_reason, p.returned_at, p.closed_by, p.closed_at, p.version
              from supervision_part p join unit u on u.id = p.unit_id
            """;

    /** A page of orders; {@code number} counts from 0. */
    public record Page(List<Order> items, int number, int size, long total) {
        public int pages() { return (int) Math.max(1, (total + size - 1) / size); }

        public boolean hasPrevious() { return number > 0; }

        public boolean hasNext() { return number + 1 < pages(); }
    }

    private final JdbcClient jdbc;
    private final PlanQueries plans;
    private final Refusals refusals;

    SupervisionQueries(JdbcClient jdbc, PlanQueries plans, Refusals refusals) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.refusals = refusals;
    }

    /** One order without a check (the caller checks). */
    public Order find(long orderId) {
        List<Order> orders = read(jdbc.sql(ORDER_COLUMNS + " where o.id = :id").param("id", orderId).query(SupervisionQueries::order).list());
        if (orders.isEmpty()) throw new NotFound("督办单", orderId);
        return orders.get(0);
    }

    public Order findByPart(long partId) {
        Long order = jdbc.sql("select order_id from supervision_part where id = :id").param("id", partId).query(Long.class)
                .optional().orElseThrow(() -> new NotFound("督办事项", partId));
        return find(order);
    }

    /** One order if the actor may see it. */
    public Order order(Actor actor, long orderId) {
        Order order = find(orderId);
        if (!visible(actor, order, plans.book(actor, order.planId()))) throw refusals.hidden(actor, "督办单", orderId);
        return order;
    }

    /** The plan's orders the actor may see, newest first. */
    public Page list(Actor actor, long planId, int page, int size) {
        PlanBook book = plans.book(actor, planId);
        List<Order> all = read(jdbc.sql(ORDER_COLUMNS + " where o.plan_id = :plan order by o.id desc").param("plan", planId)
                .query(SupervisionQueries::order).list()).stream().filter(o -> visible(actor, o, book)).toList();
        int safe = Math.max(1, Math.min(size, 100));
        int from = Math.min(all.size(), Math.max(0, page) * safe);
        return new Page(all.subList(from, Math.min(all.size(), from + safe)), Math.max(0, page), safe, all.size());
    }

    /** The issued orders addressed to a unit, newest first (for the unit page). */
    public List<Order> ofUnit(Actor actor, long planId, long unitId) {
        PlanBook book = plans.book(actor, planId);
        return read(jdbc.sql(ORDER_COLUMNS + """
                 where o.plan_id = :plan and o.status in ('ISSUED', 'CLOSED')
                   and exists (select 1 from supervision_part p where p.order_id = o.id and p.unit_id = :unit)
                 order by o.id desc""").param("plan", planId).param("unit", unitId).query(SupervisionQueries::order).list())
                .stream().filter(o -> visible(actor, o, book)).toList();
    }

    /** Issued orders with parts still waiting for their unit, every plan (the daily escalation). */
    List<Order> open() {
        return read(jdbc.sql(ORDER_COLUMNS + " where o.status = 'ISSUED' order by o.id").query(SupervisionQueries::order).list());
    }

    boolean visible(Actor actor, Order order, PlanBook book) {
        if (Access.reachesDistrict(actor, Permission.PLAN_READ, book.plan().districtId())) {
            return order.status() != OrderStatus.DRAFT || Access.permits(actor, Permission.SUPERVISION_MANAGE);
        }
        return order.status() != OrderStatus.DRAFT && order.status() != OrderStatus.CANCELLED
                && order.parts().stream().anyMatch(p -> actor.unitIds().contains(p.unitId()));
    }

    private List<Order> read(List<Order> orders) {
        if (orders.isEmpty()) return orders;
        Map<Long, List<Order.Part>> parts = new HashMap<>();
        jdbc.sql(PART_COLUMNS + " where p.order_id in (:ids) order by p.id").param("ids", orders.stream().map(Order::id).toList())
                .query(SupervisionQueries::part).list().forEach(p -> parts.computeIfAbsent(p.orderId(), k -> new ArrayList<>()).add(p));
        return orders.stream().map(o -> new Order(o.id(), o.planId(), o.year(), o.seq(), o.number(), o.kind(), o.indicatorId(),
                o.taskId(), o.periodId(), o.matter(), o.requirement(), o.responseDeadline(), o.evidence(), o.status(), o.automatic(),
                o.createdBy(), o.createdAt(), o.issuedBy(), o.issuedAt(), o.closedAt(), o.version(),
                parts.getOrDefault(o.id(), List.of()))).toList();
    }

    private static Order order(ResultSet rs, int n) throws SQLException {
        return new Order(rs.getLong(1), rs.getLong(2), rs.getInt(3), (Integer) rs.getObject(4), rs.getString(5),
                MatterKind.valueOf(rs.getString(6)), nullableLong(rs, 7), nullableLong(rs, 8), nullableLong(rs, 9), rs.getString(10),
                rs.getString(11), rs.getDate(12).toLocalDate(), rs.getString(13), OrderStatus.valueOf(rs.getString(14)),
                rs.getString(15) != null, rs.getString(16), instant(rs.getTimestamp(17)), rs.getString(18), instant(rs.getTimestamp(19)),
                instant(rs.getTimestamp(20)), rs.getInt(21), List.of());
    }

    private static Order.Part part(ResultSet rs, int n) throws SQLException {
        java.sql.Date expected = rs.getDate(7);
        return new Order.Part(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), PartState.valueOf(rs.getString(5)),
                rs.getString(6), expected == null ? null : expected.toLocalDate(), rs.getString(8), instant(rs.getTimestamp(9)),
                rs.getString(10), instant(rs.getTimestamp(11)), rs.getString(12), instant(rs.getTimestamp(13)), rs.getInt(14));
    }

    private static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

}
