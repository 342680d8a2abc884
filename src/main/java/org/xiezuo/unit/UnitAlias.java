package org.xiezuo.unit;

/** Another name a unit goes by in documents (区人社局 for 区人力社保局). */
record UnitAlias(String alias) {}
