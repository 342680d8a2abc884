package org.xiezuo.notification;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.security.Recipients;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Delivers the outbox. In-app messages go in one transaction per batch (claim, copy to the list, mark
 * sent: exactly once). Each outside channel is worked through on its own: a message is claimed in a
 * short transaction, sent with no transaction open, and its outcome recorded in another; the first
 * failure of a channel ends that channel's turn for this round (the message waits for its back-off), so a
 * dead webhook neither delays e-mail nor burns the attempts of every queued message. A message whose
 * instance died while sending is claimed again when its lease ends — the one case where an outside
 * channel may deliver twice; nothing is kept in memory between rounds.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** What one round did, per channel. */
    record Round(Map<Channel, Integer> delivered, Map<Channel, Integer> failed) {
        int delivered(Channel channel) { return delivered.getOrDefault(channel, 0); }

        int failed(Channel channel) { return failed.getOrDefault(channel, 0); }
    }

    private final Outbox outbox;
    private final List<Transport> transports;
    private final Recipients recipients;
    private final NotificationPreferences preferences;
    private final NotificationSettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String instance;

    Dispatcher(Outbox outbox, List<Transport> transports, Recipients recipients, NotificationPreferences preferences,
               NotificationSettings settings, PlatformTransactionManager transactions, Clock clock,
               org.springframework.core.env.Environment environment) {
        this.outbox = outbox;
        this.transports = transports;
        this.recipients = recipients;
        this.preferences = preferences;
        this.settings = settings;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        // who holds a claim: the configured instance name (also ShedLock's locked_by), else process and host;
        // a random suffix keeps two application contexts in one process apart
        this.instance = environment.getProperty("xiezuo.instance-name", ManagementFactory.getRuntimeMXBean().getName())
                + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Every few seconds (Asia/Shanghai cron), on one instance at a time. */
    @Scheduled(cron = "${xiezuo.notification.dispatch-cron:*/10 * * * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "notification.dispatch", lockAtMostFor = "PT5M", lockAtLeastFor = "PT1S")
    void dispatchOnSchedule() {
        LockAssert.assertLocked();
        Round round = dispatch();
        round.failed().forEach((channel, count) -> log.warn("Notifications: {} {} message(s) not delivered this round",
                count, channel));
    }

    /** One round over every channel. Safe to run on several instances at once. */
    Round dispatch() {
        Map<Channel, Integer> delivered = new EnumMap<>(Channel.class);
        Map<Channel, Integer> failed = new EnumMap<>(Channel.class);
        delivered.put(Channel.IN_APP, deliverInApp());
        for (Transport transport : transports) {
            int[] counts = deliver(transport);
            delivered.put(transport.channel(), counts[0]);
            if (counts[1] > 0) failed.put(transport.channel(), counts[1]);
        }
        return new Round(delivered, failed);
    }

    String instance() {
        return instance;
    }

    private int deliverInApp() {
        Integer done = transaction.execute(status -> {
            Instant now = clock.instant();
            List<Outbox.Message> batch = outbox.claim(Channel.IN_APP, Math.max(settings.batchSize(), 1) * 10, instance, now,
                    settings.lease());
            batch.forEach(message -> outbox.deliverInApp(message, instance, now));
            return batch.size();
        });
        return done == null ? 0 : done;
    }

    /** {delivered, failed} for one outside channel. */
    private int[] deliver(Transport transport) {
        int delivered = 0;
        for (int i = 0; i < settings.batchSize(); i++) {
            Optional<Outbox.Message> claimed = transaction.execute(status ->
                    outbox.claimNext(transport.channel(), instance, clock.instant(), settings.lease()));
            if (claimed == null || claimed.isEmpty()) break;
            Outbox.Message message = claimed.get();
            Optional<Recipients.Recipient> person = recipients.find(message.recipient());
            String skip = !transport.configured() ? "系统未配置此渠道"
                    : person.isEmpty() ? "账号不存在或已停用"
                    : !preferences.wants(message.recipient(), transport.channel()) ? "本人已关闭此渠道" : null;
            if (skip != null) {
                transaction.executeWithoutResult(status -> outbox.cancelled(message, instance, clock.instant(), skip));
                continue;
            }
            try {
                transport.send(message, person.get());
                transaction.executeWithoutResult(status -> outbox.sent(message, instance, clock.instant()));
                delivered++;
            } catch (Transport.Undeliverable undeliverable) {
                transaction.executeWithoutResult(status -> outbox.cancelled(message, instance, clock.instant(),
                        undeliverable.getMessage()));
            } catch (Exception failure) {
                String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                transaction.executeWithoutResult(status -> outbox.failed(message, instance, clock.instant(), error,
                        settings.maxAttempts(), settings.backoff(message.attempt())));
                log.debug("Notification {} on {} failed (attempt {}): {}", message.id(), transport.channel(), message.attempt(),
                        Outbox.clean(error));
                return new int[] {delivered, 1};
            }
        }
        return new int[] {delivered, 0};
    }
}
