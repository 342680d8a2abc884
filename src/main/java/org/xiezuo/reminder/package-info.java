/**
 * Reminders (催报): a daily job, under ShedLock, that reminds each unit whose report for a period is
 * missing or still a draft before the deadline (3 and 1 days before by default), marks the missing ones
 * overdue once the deadline day has ended (China time) and tells the unit and the district's
 * coordinators, and chases reports returned and not resubmitted within 3 days. Back-filling periods
 * (ended before the plan was imported) are never chased. Every reminder is a row of {@code reminder_log}
 * keyed by its reason, so it is acted on once whatever instance runs the job and however often; the
 * people are told through {@link org.xiezuo.notification.Notifications}. A module of its own above
 * reporting and notification, so that neither depends on the other. Publishes
 * {@link org.xiezuo.reminder.ReportOverdue}.
 */
@ApplicationModule(displayName = "Reminders")
@NullMarked
package org.xiezuo.reminder;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
