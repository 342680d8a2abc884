package org.xiezuo.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
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
}
