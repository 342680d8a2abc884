package org.xiezuo.reminder;

import java.lang.management.ManagementFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

/**
 * Runs the reminders daily (default 09:00 China time, {@code xiezuo.reminder.cron}) on one instance at a
 * time. {@code lockAtLeastFor} keeps the lock past the run, so an instance whose clock is a little behind
 * does not start the same day's run again after the first one ended — and if it did, every reminder is
 * keyed by its reason and would not be sent twice.
 */
@Component
class ReminderJob {

    private static final Logger log = LoggerFactory.getLogger(ReminderJob.class);

    private final Reminders reminders;
    private final String instance;

    ReminderJob(Reminders reminders, Environment environment) {
        this.reminders = reminders;
        this.instance = environment.getProperty("xiezuo.instance-name", ManagementFactory.getRuntimeMXBean().getName());
    }

    @Scheduled(cron = "${xiezuo.reminder.cron:0 0 9 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "reminder.run", lockAtMostFor = "PT30M", lockAtLeastFor = "PT5M")
    void runOnSchedule() {
        LockAssert.assertLocked();
        Reminders.Run run = reminders.run(instance);
        log.info("Reminders: {} reminded before the deadline, {} marked overdue, {} returned reports chased (run {})",
                run.reminded(), run.overdue(), run.chased(), run.id());
    }
}
