package org.xiezuo.reminder;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code xiezuo.reminder.*}: how many days before a deadline units are reminded (default 3 and 1), how
 * long a returned report may wait for its resubmission before it is chased (default 3 days), and how
 * recent an overdue deadline must be for people to be told (older ones — e.g. on the first run after
 * installing — are marked without a message). The job's time is {@code xiezuo.reminder.cron} (default
 * 09:00 China time).
 */
@ConfigurationProperties("xiezuo.reminder")
record ReminderSettings(@DefaultValue({"3", "1"}) List<Integer> daysBefore,
                        @DefaultValue("P3D") Duration returnedChaseAfter,
                        @DefaultValue("P7D") Duration overdueNoticeWithin) {

    ReminderSettings {
        daysBefore = daysBefore.stream().filter(d -> d >= 0).distinct().sorted().toList();
    }
}
