package org.xiezuo.unit;

/**
 * Unit {@code from} is being merged into {@code into}: every reference to {@code from} must move to
 * {@code into} before {@code from} is deleted. Published inside the merge transaction.
 */
public record UnitsMerged(long from, long into, long districtId) {}
