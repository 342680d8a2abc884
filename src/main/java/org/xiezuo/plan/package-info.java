/**
 * The task book (工作任务书) of a district for a year: the plan header, the qualitative tasks per
 * unit and the quantitative indicators with unit of measure, target, responsible units lead first,
 * 含存量 and 其中 relations. Keeps the history of every change; a target revision keeps the old value
 * with date and reason. Listens to {@link org.xiezuo.unit.UnitsMerged}.
 */
@ApplicationModule(displayName = "Plans")
@NullMarked
package org.xiezuo.plan;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
