/**
 * Notifications (通知): {@link org.xiezuo.notification.Notifications} writes one outbox row per
 * recipient, channel and reason in the caller's transaction — never sending anything itself — and a
 * dispatcher job (ShedLock, rows claimed with {@code for update skip locked}) delivers them in-app, by
 * e-mail and by webhook (plain JSON or a DingTalk robot), retrying a failing channel with back-off
 * without holding up the others. The same reason never reaches the same account twice on the same
 * channel. Accounts choose their channels. Uses security (recipients), audit and shared only, so any
 * module above them may notify.
 */
@ApplicationModule(displayName = "Notifications")
@NullMarked
package org.xiezuo.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
