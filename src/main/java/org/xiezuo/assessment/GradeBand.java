package org.xiezuo.assessment;

import java.math.BigDecimal;

/** A grade and the lowest score that earns it, e.g. 好 from 90. */
public record GradeBand(String name, BigDecimal minScore) {}
