package org.xiezuo.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.security.Recipients;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * Which channels each account receives on. Until an account chooses, {@code xiezuo.notification.default-channels}
 * applies; in-app cannot be switched off. A channel that is not set up (no SMTP server, no webhook URL)
 * or has no address (no e-mail on the account) is shown as unavailable and gets nothing. A change is an
 * audit row.
 */
@Component
public class NotificationPreferences {

    /** One channel as the preferences page shows it. */
    public record ChannelChoice(Channel channel, String label, boolean enabled, boolean optional, boolean available,
                                @Nullable String note) {}

    private final JdbcClient jdbc;
    private final NotificationSettings settings;
    private final Recipients recipients;
    private final List<Transport> transports;
    private final AuditTrail audit;
    private final Clock clock;

    NotificationPreferences(JdbcClient jdbc, NotificationSettings settings, Recipients recipients, List<Transport> transports,
                            AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.recipients = recipients;
        this.transports = transports;
        this.audit = audit;
        this.clock = clock;
    }

    /** The actor's channels with whether each is on and can work. */
    @Transactional(readOnly = true)
    public List<ChannelChoice> of(Actor actor) {
        Map<Channel, Boolean> chosen = chosen(List.of(actor.name())).getOrDefault(actor.name(), Map.of());
        Recipients.Recipient me = recipients.find(actor.name()).orElse(null);
        List<ChannelChoice> choices = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            boolean enabled = !channel.optional() || chosen.getOrDefault(channel, settings.defaultChannels().contains(channel));
            String note = null;
            boolean available = true;
            if (channel != Channel.IN_APP && !configured(channel)) {
                available = false;
                note = "系统未配置此渠道";
            } else if (channel == Channel.EMAIL && (me == null || me.email() == null)) {
                available = false;
                note = "账号未填写电子邮箱，请联系系统管理员";
            }
            choices.add(new ChannelChoice(channel, channel.label(), enabled, channel.optional(), available, note));
        }
        return choices;
    }

    /** Sets the actor's optional channels; the ones not named keep their setting. Audited when something changes. */
    @Transactional
    public List<ChannelChoice> choose(Actor actor, Map<Channel, Boolean> choices) {
        if (actor.kind() != Actor.Kind.USER) throw new BusinessRuleViolation("notification.preferences.user", "只有账号本人可以设置通知方式");
        Map<Channel, Boolean> before = new EnumMap<>(Channel.class);
        of(actor).forEach(c -> before.put(c.channel(), c.enabled()));
        List<String> changes = new ArrayList<>();
        for (Map.Entry<Channel, Boolean> choice : choices.entrySet()) {
            Channel channel = choice.getKey();
            if (!channel.optional()) {
                if (!choice.getValue()) throw new BusinessRuleViolation("notification.preferences.in-app", "站内通知不能关闭");
                continue;
            }
            if (before.get(channel) == choice.getValue()) continue;
            jdbc.sql("delete from notification_preference where recipient = :me and channel = :channel")
                    .param("me", actor.name()).param("channel", channel.name()).update();
            jdbc.sql("""
                    insert into notification_preference (recipient, channel, enabled, updated_at)
                    values (:me, :channel, :enabled, :now)
                    """).param("me", actor.name()).param("channel", channel.name()).param("enabled", choice.getValue())
                    .param("now", Outbox.at(clock.instant())).update();
            changes.add(channel.label() + "：" + (before.get(channel) ? "开" : "关") + " → " + (choice.getValue() ? "开" : "关"));
        }
        if (!changes.isEmpty()) {
            audit.record(actor, Event.success("NOTIFICATION_PREFERENCES_CHANGED", "account", actor.name(), null,
                    String.join("；", changes)));
        }
        return of(actor);
    }

    /** The channels each of these accounts receives on now (configured channels only; e-mail only with an address). */
    Map<String, Set<Channel>> channelsOf(Collection<Recipients.Recipient> people) {
        Map<String, Map<Channel, Boolean>> chosen = chosen(people.stream().map(Recipients.Recipient::username).toList());
        Map<String, Set<Channel>> channels = new HashMap<>();
        for (Recipients.Recipient person : people) {
            Set<Channel> set = EnumSet.of(Channel.IN_APP);
            for (Channel channel : Channel.values()) {
                if (!channel.optional() || !configured(channel)) continue;
                if (channel == Channel.EMAIL && person.email() == null) continue;
                if (chosen.getOrDefault(person.username(), Map.of()).getOrDefault(channel, settings.defaultChannels().contains(channel))) {
                    set.add(channel);
                }
            }
            channels.put(person.username(), set);
        }
        return channels;
    }

    /** Whether the account still wants this channel (checked again when a message is sent). */
    boolean wants(String username, Channel channel) {
        if (!channel.optional()) return true;
        return chosen(List.of(username)).getOrDefault(username, Map.of())
                .getOrDefault(channel, settings.defaultChannels().contains(channel));
    }

    private boolean configured(Channel channel) {
        return channel == Channel.IN_APP || transports.stream().anyMatch(t -> t.channel() == channel && t.configured());
    }

    private Map<String, Map<Channel, Boolean>> chosen(List<String> usernames) {
        Map<String, Map<Channel, Boolean>> chosen = new HashMap<>();
        if (usernames.isEmpty()) return chosen;
        jdbc.sql("select recipient, channel, enabled from notification_preference where recipient in (:names)")
                .param("names", usernames).query(rs -> {
                    chosen.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(Channel.class))
                            .put(Channel.valueOf(rs.getString(2)), rs.getBoolean(3));
                });
        return chosen;
    }
}
