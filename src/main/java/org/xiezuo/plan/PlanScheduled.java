package org.xiezuo.plan;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A plan was issued, or its assessment period changed: modules that work by period (reporting) set
 * themselves up for it. Published in the transaction of the change.
 */
public record PlanScheduled(long planId, LocalDate assessmentStart, LocalDate assessmentEnd, Instant createdAt) {}
