package org.xiezuo.security;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;

/**
 * Personal access tokens for {@code /api/v1/**}: created by a user for themselves, shown once, stored
 * only as a SHA-256 hash, acting with that user's roles and units as they are at each request,
 * expiring (at most a year), revocable. Every creation, revocation and refused use is audited.
 */
@Service
@Transactional
public class ApiTokens {

    static final String PREFIX = "xz_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecuritySettings settings;
    private final AuditTrail audit;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, SecuritySettings settings, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** The principal of a request authenticated by a token. */
    record TokenHolder(String username, long tokenId) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() { return username; }
    }

    /** A token as listed: never its secret. */
    public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant expiresAt,
                            @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
        public boolean active(Instant now) { return revokedAt == null && expiresAt.isAfter(now); }
    }

    /** A new token; {@code secret} is shown to the user once and never stored. */
    public record NewToken(long id, String secret, Instant expiresAt) {}

    public NewToken create(Actor actor, String name, int days) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) throw new BusinessRuleViolation("token.name", "令牌名称应为1至100个字符");
        long maxDays = settings.maxTokenLifetime().toDays();
        if (days < 1 || days > maxDays) throw new BusinessRuleViolation("token.days", "有效期应为1至" + maxDays + "天");
        long accountId = accountId(actor.name());
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(days));
        jdbc.sql("""
                insert into security_token (account_id, name, token_hash, prefix, created_at, expires_at)
                values (:account, :name, :hash, :prefix, :now, :expires)""")
                .param("account", accountId).param("name", label).param("hash", hash(secret))
                .param("prefix", secret.substring(0, 8)).param("now", at(now)).param("expires", at(expires))
                .update();
        long id = jdbc.sql("select id from security_token where token_hash = :h").param("h", hash(secret))
                .query(Long.class).single();
        audit.record(actor, Event.success("TOKEN_CREATED", "token", id, null, label + "，有效至 " + expires));
        return new NewToken(id, secret, expires);
    }

    public void revoke(Actor actor, long tokenId) {
        int revoked = jdbc.sql("""
                update security_token set revoked_at = :now
                where id = :id and revoked_at is null and account_id = (select id from security_account where username = :u)""")
                .param("now", at(clock.instant())).param("id", tokenId).param("u", actor.name()).update();
        if (revoked == 0) throw new NotFound("令牌", tokenId);
        audit.record(actor, Event.success("TOKEN_REVOKED", "token", tokenId, null, "吊销令牌"));
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> mine(Actor actor) {
        return jdbc.sql("""
                select t.id, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
                from security_token t join security_account a on a.id = t.account_id
                where a.username = :u order by t.id desc""")
                .param("u", actor.name())
                .query((rs, n) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        instantOrNull(rs.getObject("last_used_at", OffsetDateTime.class)),
                        instantOrNull(rs.getObject("revoked_at", OffsetDateTime.class))))
                .list();
    }

    /** How stale "last used" may be: a script calling every second writes it once a minute, not every time. */
    static final Duration LAST_USED_GRAIN = Duration.ofMinutes(1);

    /**
     * The holder of a presented token, when it is known, unexpired, unrevoked and its account enabled. One
     * read on every API request and no transaction of its own; "last used" is written when it is older
     * than {@link #LAST_USED_GRAIN}.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    Optional<TokenHolder> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) return Optional.empty();
        Instant now = clock.instant();
        record Found(long id, String username, @Nullable Instant lastUsed) {}
        Optional<Found> found = jdbc.sql("""
                select t.id, a.username, t.last_used_at from security_token t join security_account a on a.id = t.account_id
                where t.token_hash = :h and t.revoked_at is null and t.expires_at > :now and a.enabled = true""")
                .param("h", hash(presented)).param("now", at(now))
                .query((rs, n) -> new Found(rs.getLong("id"), rs.getString("username"),
                        instantOrNull(rs.getObject("last_used_at", OffsetDateTime.class)))).optional();
        found.filter(f -> f.lastUsed() == null || f.lastUsed().isBefore(now.minus(LAST_USED_GRAIN)))
                .ifPresent(f -> jdbc.sql("update security_token set last_used_at = :now where id = :id")
                        .param("now", at(now)).param("id", f.id()).update());
        return found.map(f -> new TokenHolder(f.username(), f.id()));
    }

    private long accountId(String username) {
        return jdbc.sql("select id from security_account where username = :u").param("u", username).query(Long.class)
                .optional().orElseThrow(() -> new BusinessRuleViolation("token.account", "只有登录账号可以创建令牌"));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, AuditTrail.ZONE);
    }

    private static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }

    private static @Nullable Instant instantOrNull(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
