/**
 * The audit trail: every change to business data, every import and every sign-in is recorded in the
 * transaction of the change itself, so a change without its audit row cannot commit. Rows carry who
 * (account and units), when (with offset), from where, what, on which object and with which outcome,
 * and form a hash chain that {@link org.xiezuo.audit.AuditIntegrity} verifies. The trail is
 * append-only (on PostgreSQL the database refuses anything else) and kept for the retention period
 * by a scheduled purge. The audit administrator searches and exports it; queries serve the history
 * of a plan. Publishes no events.
 */
@ApplicationModule(displayName = "Audit")
@NullMarked
package org.xiezuo.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
