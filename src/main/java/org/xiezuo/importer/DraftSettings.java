package org.xiezuo.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the user changed in the preview: title, year, district, provinces, and per unit the aliases and the
 * existing unit it stands for. Empty fields keep what the document says.
 */
public record DraftSettings(@Nullable String title, @Nullable Integer year, @Nullable String district,
                            @Nullable String eastProvince, @Nullable String westProvince, Map<String, UnitChoice> units) {

    public DraftSettings {
        units = Map.copyOf(units);
    }

    /** For one unit of the document: its aliases and, optionally, the existing unit it is. */
    public record UnitChoice(List<String> aliases, @Nullable Long existingUnitId) {
        public UnitChoice {
            aliases = List.copyOf(aliases);
        }
    }

    public static DraftSettings none() {
        return new DraftSettings(null, null, null, null, null, Map.of());
    }

    public DraftSettings withUnits(Map<String, UnitChoice> choices) {
        return new DraftSettings(title, year, district, eastProvince, westProvince, new LinkedHashMap<>(choices));
    }
}
