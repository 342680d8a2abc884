package org.xiezuo.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox table and its state changes. A row is PENDING until a dispatcher claims it (SENDING, with
 * the claimer's name and a lease), then SENT, PENDING again with a later {@code next_attempt_at} after a
 * failure, FAILED after the last attempt, or CANCELLED when there is nobody or nothing to send to. Every
 * attempt writes a delivery row. Claims take rows with {@code for update skip locked}, so dispatchers on
 * several instances never take the same row, and a claim whose lease ran out (its instance died while
 * sending) is taken again. Each method runs in the caller's transaction.
 */
@Component
class Outbox {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"'@]+");
    private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"']*");

    private static final String COLUMNS = """
            id, reason, recipient, channel, title, body, link, plan_id, attempts, created_at
            """;
    private static final String DUE = """
            channel = :channel and ((status = 'PENDING' and next_attempt_at <= :now)
                                    or (status = 'SENDING' and lease_until < :now))
            """;

    /** A message to deliver, as claimed. {@code attempt} counts this attempt (1 for the first). */
    record Message(long id, String reason, String recipient, Channel channel, String title, String body,
                   @Nullable String link, @Nullable Long planId, int attempt, Instant createdAt) {}

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a row unless this reason already went (or is going) to this recipient on this channel. */
    boolean add(String recipient, Channel channel, Notice notice, Instant now) {
        return jdbc.sql("""
                insert into notification_outbox (reason, recipient, channel, title, body, link, plan_id, status, attempts,
                                                 next_attempt_at, created_at)
                values (:reason, :recipient, :channel, :title, :body, :link, :plan, 'PENDING', 0, :now, :now)
                on conflict do nothing
                """).param("reason", notice.reason()).param("recipient", recipient).param("channel", channel.name())
                .param("title", notice.title()).param("body", notice.body()).param("link", notice.link())
                .param("plan", notice.planId()).param("now", at(now)).update() == 1;
    }

    /** Claims the next due message of the channel for this instance, or nothing. */
    Optional<Message> claimNext(Channel channel, String instance, Instant now, Duration lease) {
        List<Message> claimed = claim(channel, 1, instance, now, lease);
        return claimed.isEmpty() ? Optional.empty() : Optional.of(claimed.get(0));
    }

    /** Claims up to {@code limit} due messages of the channel, oldest due first. */
    List<Message> claim(Channel channel, int limit, String instance, Instant now, Duration lease) {
        List<Long> ids = jdbc.sql("select id from notification_outbox where " + DUE + """
                 order by next_attempt_at, id limit :limit for update skip locked
                """).param("channel", channel.name()).param("now", at(now)).param("limit", limit)
                .query(Long.class).list();
        if (ids.isEmpty()) return List.of();
        jdbc.sql("""
                update notification_outbox set status = 'SENDING', attempts = attempts + 1, claimed_by = :instance,
                       lease_until = :lease where id in (:ids)
                """).param("instance", instance).param("lease", at(now.plus(lease))).param("ids", ids).update();
        return jdbc.sql("select " + COLUMNS + " from notification_outbox where id in (:ids) order by next_attempt_at, id")
                .param("ids", ids).query(Outbox::read).list();
    }

    /** The in-app message: copied to the recipient's list (once), and the row is SENT. */
    void deliverInApp(Message message, String instance, Instant now) {
        jdbc.sql("""
                insert into notification_message (outbox_id, recipient, reason, title, body, link, plan_id, created_at,
                                                  delivered_at)
                values (:outbox, :recipient, :reason, :title, :body, :link, :plan, :created, :now)
                on conflict do nothing
                """).param("outbox", message.id()).param("recipient", message.recipient()).param("reason", message.reason())
                .param("title", message.title()).param("body", message.body()).param("link", message.link())
                .param("plan", message.planId()).param("created", at(message.createdAt())).param("now", at(now)).update();
        sent(message, instance, now);
    }

    /** Delivered. Only the instance holding the claim records it (a claim taken over after its lease is not). */
    boolean sent(Message message, String instance, Instant now) {
        int changed = jdbc.sql("""
                update notification_outbox set status = 'SENT', sent_at = :now, lease_until = null, last_error = null
                 where id = :id and status = 'SENDING' and claimed_by = :instance
                """).param("now", at(now)).param("id", message.id()).param("instance", instance).update();
        if (changed == 1) record(message, instance, now, true, null);
        return changed == 1;
    }

    /** Not delivered: PENDING again after the back-off, or FAILED when this was the last attempt. */
    boolean failed(Message message, String instance, Instant now, String error, int maxAttempts, Duration backoff) {
        boolean last = message.attempt() >= maxAttempts;
        String clean = clean(error);
        int changed = jdbc.sql("""
                update notification_outbox set status = :status, next_attempt_at = :next, lease_until = null,
                       last_error = :error
                 where id = :id and status = 'SENDING' and claimed_by = :instance
                """).param("status", last ? "FAILED" : "PENDING").param("next", at(now.plus(backoff)))
                .param("error", clean).param("id", message.id()).param("instance", instance).update();
        if (changed == 1) record(message, instance, now, false, clean);
        return changed == 1;
    }

    /** Nothing to send to (the account is gone, has no address, or switched the channel off): never retried. */
    boolean cancelled(Message message, String instance, Instant now, String why) {
        String clean = clean(why);
        int changed = jdbc.sql("""
                update notification_outbox set status = 'CANCELLED', lease_until = null, last_error = :error
                 where id = :id and status = 'SENDING' and claimed_by = :instance
                """).param("error", clean).param("id", message.id()).param("instance", instance).update();
        if (changed == 1) record(message, instance, now, false, clean);
        return changed == 1;
    }

    private void record(Message message, String instance, Instant now, boolean delivered, @Nullable String error) {
        jdbc.sql("""
                insert into notification_delivery (outbox_id, reason, recipient, channel, attempt, attempted_at, delivered,
                                                   error, instance)
                values (:outbox, :reason, :recipient, :channel, :attempt, :now, :delivered, :error, :instance)
                """).param("outbox", message.id()).param("reason", message.reason()).param("recipient", message.recipient())
                .param("channel", message.channel().name()).param("attempt", message.attempt()).param("now", at(now))
                .param("delivered", delivered).param("error", error).param("instance", instance).update();
    }

    /**
     * An error text fit to store and show: no e-mail addresses (an SMTP refusal often repeats the
     * recipient's), no URL query strings (a webhook URL carries its access token there), one line, short.
     */
    static String clean(String error) {
        String text = EMAIL.matcher(error == null ? "" : error).replaceAll("***@***");
        text = QUERY.matcher(text).replaceAll("?***").replaceAll("[\\r\\n\\t]+", " ").strip();
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }

    static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZONE);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Message read(ResultSet rs, int row) throws SQLException {
        return new Message(rs.getLong("id"), rs.getString("reason"), rs.getString("recipient"),
                Channel.valueOf(rs.getString("channel")), rs.getString("title"), rs.getString("body"), rs.getString("link"),
                rs.getObject("plan_id", Long.class), rs.getInt("attempts"), instant(rs, "created_at"));
    }
}
