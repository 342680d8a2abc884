/**
 * Supervision (督查督办): orders (督办单) to units about a lagging indicator, a task or an overdue report —
 * drafted by the office or automatically, issued with a number (普协督〔2021〕3号), answered by each unit,
 * closed (销号) or returned by the office — escalating when answers are late, notified through
 * {@code notification}, exported as an official-document .docx notice.
 */
@ApplicationModule(displayName = "Supervision")
@NullMarked
package org.xiezuo.supervision;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
