package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * One checked ledger row ready to be written: the generic entry columns (see {@link LedgerKind} for what
 * each means per kind), the person's protected data when the kind has persons (never the plain ID or
 * phone), the natural key that identifies the record (a spell: ID, province, start date) and a hash of
 * the facts that, when they differ for the same key, make the row an update.
 */
record EntryDraft(
        int rowNo,
        String naturalKey,
        String facts,
        @Nullable Person person,
        @Nullable Long unitId,
        @Nullable String category,
        @Nullable String subject,
        @Nullable String region,
        LocalDate startsOn,
        @Nullable LocalDate endsOn,
        @Nullable LocalDate plannedEnd,
        @Nullable Integer months,
        @Nullable BigDecimal amount,
        @Nullable String amountUnit,
        @Nullable BigDecimal amountYuan,
        @Nullable Integer n1,
        @Nullable Integer n2,
        @Nullable Integer n3,
        @Nullable Integer n4,
        @Nullable Boolean flag,
        String details) {

    /** A person as stored: keyed hash of the ID, the sealed ID and phone, their masks, the name. */
    record Person(byte[] idHash, int idKey, byte[] idCipher, String idMask, String name,
                  @Nullable Integer phoneKey, byte @Nullable [] phoneCipher, @Nullable String phoneMask) {}
}
