package org.xiezuo.audit;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail.
 *
 * @param retention how long rows are kept before the purge deletes them; never less than
 *                  {@link AuditRetention#FLOOR} whatever is configured (网络安全法 §21: six months)
 * @param lockTimeout how long an append waits for the chain head on PostgreSQL before the operation
 *                    fails with {@link AuditUnavailable} instead of hanging behind a stuck transaction
 * @param pageSize rows per page of the auditor's search
 * @param exportRowLimit most rows one export may hold; a larger result is refused, not cut
 */
@ConfigurationProperties("xiezuo.audit")
record AuditSettings(@DefaultValue("P12M") Period retention,
                     @DefaultValue("10s") Duration lockTimeout,
                     @DefaultValue("50") int pageSize,
                     @DefaultValue("100000") int exportRowLimit) {}
