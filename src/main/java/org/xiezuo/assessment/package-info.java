/**
 * Assessment (考核): time progress, completion, status, forecast, scores, grades and ranks of a plan as
 * of any date, from stored indicator values; the rules (thresholds, weights, grade bands) are versioned
 * plan configuration. Reads reporting's actuals (which include the ledger-derived values through
 * {@link org.xiezuo.reporting.DerivedValues}), so it depends on reporting and plan, never on ledger.
 */
@ApplicationModule(displayName = "Assessment")
@NullMarked
package org.xiezuo.assessment;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
