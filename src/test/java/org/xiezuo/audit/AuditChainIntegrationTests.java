package org.xiezuo.audit;

import org.xiezuo.support.XiezuoTest;

/** {@link AuditChainContract} on H2, which has no append-only trigger: a plain update stands for the tampering. */
@XiezuoTest
class AuditChainIntegrationTests extends AuditChainContract {

    @Override
    void alterDetail(long id, String detail) {
        jdbc.sql("update audit_event set detail = :detail where id = :id").param("detail", detail).param("id", id).update();
    }
}
