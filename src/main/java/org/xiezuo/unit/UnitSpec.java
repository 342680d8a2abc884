package org.xiezuo.unit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A unit as a document names it: the printed name, the other names it uses, and optionally the
 * existing unit the user chose to map it to.
 */
public record UnitSpec(String name, List<String> aliases, @Nullable Long existingUnitId) {
    public UnitSpec {
        aliases = List.copyOf(aliases);
    }
}
