package org.xiezuo.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.security.Recipients;
import org.xiezuo.shared.Role;

/**
 * Tells people something. Each call joins the caller's transaction and only writes outbox rows — one per
 * recipient and channel they receive on — so nothing is sent if the caller rolls back, and a slow or
 * failing channel never holds up the caller's request; the dispatcher delivers them. A notice whose
 * reason already went to an account on a channel is not added again for it. Disabled accounts get
 * nothing.
 */
@Component
public class Notifications {

    private final Recipients recipients;
    private final NotificationPreferences preferences;
    private final Outbox outbox;
    private final Clock clock;

    Notifications(Recipients recipients, NotificationPreferences preferences, Outbox outbox, Clock clock) {
        this.recipients = recipients;
        this.preferences = preferences;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** To these accounts (by user name); unknown and disabled names are skipped. */
    @Transactional
    public void notifyAccounts(Collection<String> accountNames, Notice notice) {
        send(recipients.named(accountNames), notice);
    }

    /**
     * To every enabled account bound to one of these units of the district with one of the roles — e.g. a
     * unit's REPORTER and UNIT_HEAD.
     */
    @Transactional
    public void notifyUnits(long districtId, Collection<Long> unitIds, Set<Role> roles, Notice notice) {
        send(recipients.ofUnits(districtId, unitIds, roles), notice);
    }

    /**
     * To every enabled account with one of the roles whose scope covers the district — e.g. the district's
     * COORDINATOR accounts (bound to a unit of the district, or to none).
     */
    @Transactional
    public void notifyDistrict(long districtId, Set<Role> roles, Notice notice) {
        send(recipients.ofDistrict(districtId, roles), notice);
    }

    private void send(List<Recipients.Recipient> people, Notice notice) {
        Instant now = clock.instant();
        Map<String, Set<Channel>> channels = preferences.channelsOf(people);
        for (Recipients.Recipient person : people) {
            for (Channel channel : channels.getOrDefault(person.username(), Set.of(Channel.IN_APP))) {
                outbox.add(person.username(), channel, notice, now);
            }
        }
    }
}
