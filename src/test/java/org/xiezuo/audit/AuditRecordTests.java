package org.xiezuo.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The canonical form a row's hash is computed over: fixed field order, unambiguous, stable. */
class AuditRecordTests {

    static final Instant AT = Instant.parse("2025-06-30T15:59:59.1234Z");

    static AuditRecord row(String actor, String units, String detail) {
        return new AuditRecord(AT, actor, units, "127.0.0.1", "PLAN_ARCHIVED", "plan", "42", 42L, "SUCCESS", detail);
    }

    @Test
    void everyFieldIsLengthPrefixedInAFixedOrder() {
        assertThat(row("张三", "3,17", "归档").canonical(AuditRecord.GENESIS)).isEqualTo("v1;27:2025-06-30T15:59:59.123400Z;"
                + "6:张三;4:3,17;9:127.0.0.1;13:PLAN_ARCHIVED;4:plan;2:42;2:42;7:SUCCESS;6:归档;64:" + AuditRecord.GENESIS + ";");
    }

    @Test
    void nullAndEmptyDifferAndSeparatorsInValuesCannotShiftFields() {
        assertThat(row("a", null, "x").hash("p")).isNotEqualTo(row("a", "", "x").hash("p"));
        assertThat(row("a;1:b", "", "x").hash("p")).isNotEqualTo(row("a", "b", "x").hash("p"));
    }

    @Test
    void theHashDependsOnThePreviousHashAndIsStable() {
        AuditRecord record = row("admin", null, "归档");
        assertThat(record.hash("a")).isNotEqualTo(record.hash("b")).matches("[0-9a-f]{64}");
        assertThat(record.hash("a")).isEqualTo(row("admin", null, "归档").hash("a"));
    }
}
