package org.xiezuo.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** A change of an indicator's target: old and new value, the day it takes effect, why, and who. */
public record TargetRevision(Instant revisedAt, LocalDate effectiveOn, @Nullable BigDecimal oldTarget,
                             String oldTargetText, @Nullable BigDecimal newTarget, String newTargetText, String reason,
                             String revisedBy) {}
