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

    /**
     * Takes one attempt from the address's allowance before a password is compared: false when the
     * address has used it up. The attempt counts as a failure from now on ({@link #release} gives it back
     * when the password was right). One conditional update in the database, so attempts from one address
     * arriving at the same instant cannot all pass a check made before any of them was counted (T81 saw
     * 23 checks through against a limit of 20).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean reserve(@Nullable String address, Instant now) {
        if (address == null) return true;
        OffsetDateTime at = OffsetDateTime.ofInstant(now, AuditTrail.ZONE);
        OffsetDateTime windowOpen = OffsetDateTime.ofInstant(now.minus(settings.addressWindow()), AuditTrail.ZONE);
        int updated = jdbc.sql(RESERVE).param("open", windowOpen).param("now", at).param("ip", address)
                .param("limit", settings.maxFailuresPerAddress()).update();
        if (updated == 1) return true;
        boolean known = jdbc.sql(KNOWN).param("ip", address).query(Integer.class).single() > 0;
        if (known) return false;
        try {
            jdbc.sql(FIRST).param("ip", address).param("now", at).update();
        } catch (DataIntegrityViolationException raced) {
            // another request of the same address inserted the row at the same moment: this one is let
            // through uncounted, as before the first row of an address existed
        }
        return true;
    }

    /** Gives back the attempt {@link #reserve} took: the password was right. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void release(@Nullable String address) {
        if (address == null) return;
        jdbc.sql(RELEASE).param("ip", address).update();
    }

    private static final String RESERVE = """
            update security_sign_in_throttle set
              failures = case when window_start > :open then failures + 1 else 1 end,
              window_start = case when window_start > :open then window_start else :now end
            where client_ip = :ip and (window_start <= :open or failures < :limit)""";
    private static final String KNOWN = "select count(*) from security_sign_in_throttle where client_ip = :ip";
    private static final String FIRST = "insert into security_sign_in_throttle (client_ip, window_start, failures) values (:ip, :now, 1)";
    private static final String RELEASE = """
            update security_sign_in_throttle set failures = greatest(failures - 1, 0) where client_ip = :ip""";

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
