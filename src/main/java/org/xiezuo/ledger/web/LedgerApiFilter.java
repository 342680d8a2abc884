package org.xiezuo.ledger.web;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.xiezuo.ledger.LedgerQueries;

/**
 * The filters of a ledger listing and its exports, as query or form parameters: {@code unit} (unit id),
 * {@code category}, {@code text} (name, subject or a descriptive field contains it), {@code from} and
 * {@code to} (start date, ISO {@code 2021-03-01}), {@code batch} (import batch id). There is deliberately
 * no ID-number parameter: an ID number never travels in a URL (search by ID is a POST with a JSON body).
 */
record LedgerApiFilter(@Nullable Long unit, @Nullable String category, @Nullable String text,
                       @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
                       @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to, @Nullable Long batch) {

    LedgerQueries.Filter toFilter() {
        return new LedgerQueries.Filter(unit, blankToNull(category), blankToNull(text), from, to, batch, null);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
