package org.xiezuo.importer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A task book as read from a document, before anything is saved: the header, the units with the
 * aliases the document uses, the tasks per unit and the indicator table, plus every doubt found on
 * the way. Immutable; the same model comes out of text, .docx and .xlsx.
 */
public record ParsedTaskBook(Header plan, List<Unit> units, List<Task> tasks, List<Indicator> indicators,
                             List<Warning> warnings) {

    public ParsedTaskBook {
        units = List.copyOf(units);
        tasks = List.copyOf(tasks);
        indicators = List.copyOf(indicators);
        warnings = List.copyOf(warnings);
    }

    /** The notice's and the task book's own header. */
    public record Header(@Nullable String title, @Nullable String noticeTitle, @Nullable Integer year,
                         @Nullable String eastRegion, @Nullable String westRegion,
                         @Nullable String eastProvince, @Nullable String westProvince,
                         @Nullable String docNumber, @Nullable String issuer, @Nullable LocalDate issuedOn,
                         String programme) {}

    /** A department named by the document; {@code fromSection} when it has its own section. */
    public record Unit(String name, List<String> aliases, boolean fromSection, String location) {
        public Unit {
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * A qualitative task; {@code units} lead first, {@code seq} counts within the unit's section from 1.
     * {@code locations} are all the lines or paragraphs its text was read from, the first one first.
     */
    public record Task(List<String> units, int seq, String text, List<String> locations) {
        public Task {
            units = List.copyOf(units);
            locations = List.copyOf(locations);
        }

        public String location() { return locations.isEmpty() ? "" : locations.get(0); }
    }

    /**
     * A row of the indicator table. {@code parentIndex} points into {@code indicators} for 其中 rows;
     * {@code parentCode} is the printed number of that parent. {@code statisticsOnly} marks 只作统计不作考核
     * rows (never assessed, no target); other rows without a numeric target are not assessed either.
     */
    public record Indicator(@Nullable String code, String category, String name, @Nullable String measureUnit,
                            @Nullable BigDecimal target, String targetText, boolean assessed, boolean statisticsOnly,
                            boolean includesStock,
                            @Nullable String parentCode, @Nullable Integer parentIndex, List<String> responsible,
                            String location) {
        public Indicator {
            responsible = List.copyOf(responsible);
        }
    }

    /** Something doubtful, with where it came from (“line 57”, “table row 12, column 责任单位”). */
    public record Warning(String location, String message) {}
}
