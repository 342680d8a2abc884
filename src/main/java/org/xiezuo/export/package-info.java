/**
 * Exports sent upward as they are: the official indicator completion table (.xlsx, the layout of the task
 * book's 指标分解表 plus the assessment's columns), one workbook per unit, and the progress bulletin
 * (.docx, GB/T 9704-2012 basics). Every figure comes from the assessment as of the chosen date and is
 * formatted by {@link org.xiezuo.assessment.Figures}, so no number differs from the dashboards.
 */
@ApplicationModule(displayName = "Export")
@NullMarked
package org.xiezuo.export;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
