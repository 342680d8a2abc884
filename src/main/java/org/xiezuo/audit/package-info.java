/**
 * The audit trail: every change to business data, every import and every sign-in is recorded in the
 * transaction of the change itself, so a change without its audit row cannot commit. Queries serve
 * the history of a plan. Publishes no events.
 */
@ApplicationModule(displayName = "Audit")
@NullMarked
package org.xiezuo.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
