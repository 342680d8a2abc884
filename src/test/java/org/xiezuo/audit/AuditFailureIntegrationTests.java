package org.xiezuo.audit;

import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.xiezuo.support.XiezuoTest;

/** {@link AuditFailureContract} on H2: the audit table is renamed away while the change runs. */
@XiezuoTest
@AutoConfigureMockMvc
class AuditFailureIntegrationTests extends AuditFailureContract {

    @Override
    AutoCloseable auditUnwritable() {
        jdbc.sql("alter table audit_event rename to audit_event_away").update();
        return () -> jdbc.sql("alter table audit_event_away rename to audit_event").update();
    }
}
