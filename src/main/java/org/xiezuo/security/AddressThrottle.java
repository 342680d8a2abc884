package org.xiezuo.security;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;

/**
 * Failed sign-ins per client address within a window (ASVS 4.0 2.2.1): past the limit every attempt
 * from that address fails, whatever the account, so guessing across many user names is slowed down
 * without locking real accounts. Kept in the database for every instance; each count is its own
 * transaction so a lost race costs one count, never the sign-in.
 */
@Component
class AddressThrottle {

    private final JdbcClient jdbc;
    private final SecuritySettings settings;

    AddressThrottle(JdbcClient jdbc, SecuritySettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Transactional(readOnly = true)
    boolean isThrottled(@Nullable String address, Instant now) {
        if (address == null) return false;
        return jdbc.sql("select window_start, failures from security_sign_in_throttle where client_ip = :ip")
                .param("ip", address)
                .query((rs, n) -> rs.getObject("window_start", OffsetDateTime.class).toInstant()
                        .plus(settings.addressWindow()).isAfter(now) && rs.getInt("failures") >= settings.maxFailuresPerAddress())
                .optional().orElse(false);
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void countFailure(@Nullable String address, Instant now) {
        if (address == null) return;
        OffsetDateTime at = OffsetDateTime.ofInstant(now, AuditTrail.ZONE);
        OffsetDateTime windowOpen = OffsetDateTime.ofInstant(now.minus(settings.addressWindow()), AuditTrail.ZONE);
        int updated = jdbc.sql("""
                update security_sign_in_throttle set
                  failures = case when window_start > :open then failures + 1 else 1 end,
                  window_start = case when window_start > :open then window_start else :now end
                where client_ip = :ip""")
                .param("open", windowOpen).param("now", at).param("ip", address).update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into security_sign_in_throttle (client_ip, window_start, failures) values (:ip, :now, 1)")
                        .param("ip", address).param("now", at).update();
            } catch (DataIntegrityViolationException raced) {
                // another instance inserted the row at the same moment; this one count is lost
            }
        }
    }
}
