package org.xiezuo.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;

/**
 * One's own in-app notifications: the list (newest first), the unread count for the bell, and marking
 * as read. Only the recipient sees or marks a notification; anyone else's id answers as a missing one.
 * Reading never changes anything; only the explicit mark does.
 */
@Component
public class Inbox {

    /** A notification as the list shows it. */
    public record Item(long id, String title, String body, @Nullable String link, @Nullable Long planId, Instant createdAt,
                       @Nullable Instant readAt) {
        private static final java.time.format.DateTimeFormatter MINUTES = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

        public boolean unread() { return readAt == null; }

        /** When it was sent, China time to the minute. */
        public String time() { return MINUTES.format(createdAt.atZone(Outbox.ZONE)); }
    }

    /** A page of results; {@code number} counts from 0. */
    public record Page<T>(List<T> items, int number, int size, long total) {
        public int pages() { return (int) Math.max(1, (total + size - 1) / size); }

        public boolean hasPrevious() { return number > 0; }

        public boolean hasNext() { return number + 1 < pages(); }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Item> list(Actor actor, boolean unreadOnly, int page, int size) {
        int safeSize = Math.max(1, Math.min(size, 100));
        int safePage = Math.max(0, page);
        long total = jdbc.sql("select count(*) from notification_message where recipient = :me and (:all or read_at is null)")
                .param("me", actor.name()).param("all", !unreadOnly).query(Long.class).single();
        List<Item> items = jdbc.sql("""
                select id, title, body, link, plan_id, created_at, read_at from notification_message
                 where recipient = :me and (:all or read_at is null)
                 order by created_at desc, id desc limit :limit offset :offset
                """).param("me", actor.name()).param("all", !unreadOnly).param("limit", safeSize)
                .param("offset", (long) safePage * safeSize)
                .query((rs, n) -> new Item(rs.getLong("id"), rs.getString("title"), rs.getString("body"), rs.getString("link"),
                        rs.getObject("plan_id", Long.class), Outbox.instant(rs, "created_at"),
                        rs.getObject("read_at", java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject("read_at", java.time.OffsetDateTime.class).toInstant()))
                .list();
        return new Page<>(items, safePage, safeSize, total);
    }

    /** For the bell: how many of one's notifications are unread. */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true) // one statement on every page: no transaction of its own
    public long unread(Actor actor) {
        return jdbc.sql("select count(*) from notification_message where recipient = :me and read_at is null")
                .param("me", actor.name()).query(Long.class).single();
    }

    /** Marks one's notification read (again is harmless); returns its link. Another person's is not found. */
    @Transactional
    public Optional<String> markRead(Actor actor, long id) {
        record Row(@Nullable String link) {}
        Row row = jdbc.sql("select link from notification_message where id = :id and recipient = :me")
                .param("id", id).param("me", actor.name()).query((rs, n) -> new Row(rs.getString("link"))).optional()
                .orElseThrow(() -> new NotFound("通知", id));
        jdbc.sql("update notification_message set read_at = :now where id = :id and recipient = :me and read_at is null")
                .param("now", Outbox.at(clock.instant())).param("id", id).param("me", actor.name()).update();
        return Optional.ofNullable(row.link());
    }

    /** Marks all of one's notifications read; returns how many were unread. */
    @Transactional
    public int markAllRead(Actor actor) {
        return jdbc.sql("update notification_message set read_at = :now where recipient = :me and read_at is null")
                .param("now", Outbox.at(clock.instant())).param("me", actor.name()).update();
    }
}
