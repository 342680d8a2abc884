package org.xiezuo.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Whether a unit has a head (部门负责人) who reviews its reports before the coordinator does. */
@Component
public class UnitHeads {

    private final JdbcClient jdbc;

    UnitHeads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when an enabled account other than {@code except} is a UNIT_HEAD bound to the unit. */
    @Transactional(readOnly = true)
    public boolean hasHeadOtherThan(long unitId, String except) {
        return jdbc.sql("""
                select count(*) from security_account a
                  join security_account_role r on r.account_id = a.id and r.role = 'UNIT_HEAD'
                  join security_account_unit u on u.account_id = a.id and u.unit_id = :unit
                 where a.enabled = true and a.username <> :except
                """).param("unit", unitId).param("except", except).query(Long.class).single() > 0;
    }

    /** The enabled heads of each of these units, by unit (one statement; units without a head are absent). */
    static final String HEADS_OF = """
            select u.unit_id, a.username from security_account a
              join security_account_role r on r.account_id = a.id and r.role = 'UNIT_HEAD'
              join security_account_unit u on u.account_id = a.id
             where a.enabled = true and u.unit_id in (:units)
            """;

    /** For many reports at once: {@code headsOf(units).get(unit)} minus the submitter is {@link #hasHeadOtherThan}. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Map<Long, Set<String>> headsOf(Collection<Long> unitIds) {
        if (unitIds.isEmpty()) return Map.of();
        Map<Long, Set<String>> heads = new HashMap<>();
        jdbc.sql(HEADS_OF).param("units", List.copyOf(new HashSet<>(unitIds)))
                .query(rs -> { heads.computeIfAbsent(rs.getLong(1), u -> new HashSet<>()).add(rs.getString(2)); });
        return heads;
    }

    /** Whether {@code heads} (from {@link #headsOf}) holds a head of the unit other than {@code except}. */
    public static boolean hasHeadOtherThan(Map<Long, Set<String>> heads, long unitId, String except) {
        return heads.getOrDefault(unitId, Set.of()).stream().anyMatch(head -> !head.equals(except));
    }
}
