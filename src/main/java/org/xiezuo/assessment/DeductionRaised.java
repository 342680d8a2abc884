package org.xiezuo.assessment;

import java.time.LocalDate;

/**
 * Something that counts against a unit in the assessment happened — published by other modules (a
 * supervision order's answer turning red), heard by {@link Deductions}: the assessment learns of it
 * through this event, so the publisher depends on assessment and never the other way. {@code sourceKey}
 * makes it count once.
 */
public record DeductionRaised(long planId, long unitId, String sourceKey, LocalDate occurredOn, String detail) {}
