package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.personal.Masking;
import org.xiezuo.ledger.personal.PersonalData;

/**
 * One checked ledger row ready to be written: the generic entry columns (see {@link LedgerKind} for what
 * each means per kind), the person's protected data when the kind has persons (sealed when written, see
 * {@link Person}), the natural key that identifies the record (a spell: ID, province, start date) and a hash of
 * the facts that, when they differ for the same key, make the row an update. Both are stored as hex text;
 * {@code keyHigh}/{@code keyLow} and {@code factsHigh} are their leading bytes as {@link KeyTable#pack} and
 * {@link KeyTable#packFacts} make of that text, kept from the digest so that the import's de-duplication
 * does not parse the text back.
 */
record EntryDraft(
        int rowNo,
        String naturalKey,
        long keyHigh,
        long keyLow,
        String facts,
        long factsHigh,
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

    /** A draft with the natural key and the facts hash as {@link RowMapping} computed them. */
    EntryDraft(int rowNo, RowMapping.Digest key, RowMapping.Digest facts, @Nullable Person person, @Nullable Long unitId,
               @Nullable String category, @Nullable String subject, @Nullable String region, LocalDate startsOn,
               @Nullable LocalDate endsOn, @Nullable LocalDate plannedEnd, @Nullable Integer months,
               @Nullable BigDecimal amount, @Nullable String amountUnit, @Nullable BigDecimal amountYuan,
               @Nullable Integer n1, @Nullable Integer n2, @Nullable Integer n3, @Nullable Integer n4,
               @Nullable Boolean flag, String details) {
        this(rowNo, key.hex(), key.high(), key.low(), facts.hex(), facts.high(), person, unitId, category, subject, region,
                startsOn, endsOn, plannedEnd, months, amount, amountUnit, amountYuan, n1, n2, n3, n4, flag, details);
    }

    /**
     * A person as stored: keyed hash of the ID, the sealed ID and phone, their masks, the name.
     * The masks, like the seal, are made only when asked for (see below).
     *
     * <p>The ID and phone are sealed (AES-GCM) the first time their ciphertext is asked for, that is when a
     * new person is written — not for every row: a row of a person already known (the plan's, or met
     * earlier in the file) needs only the keyed hash, and a second import of the same file seals nothing.
     * Until then the object holds the checked plaintext, as the row it came from did; it never shows it
     * ({@link #toString}). Thread-safe: a chunk's persons are sealed on the thread that writes the chunk.
     */
    static final class Person {

        private final byte[] idHash;
        private final String name;
        private final PersonalData data;
        /** Made with the seal, or when first asked for: a row of a known person needs neither. */
        private @Nullable String idMask;
        private @Nullable String phoneMask;
        private @Nullable String id;
        private @Nullable String phone;
        private PersonalData.@Nullable Sealed sealedId;
        private PersonalData.@Nullable Sealed sealedPhone;

        Person(PersonalData data, String id, @Nullable String phone, String name) {
            this.data = data;
            this.idHash = data.blindIndex(id);
            this.name = name;
            this.id = id;
            this.phone = phone;
        }

        byte[] idHash() { return idHash; }

        synchronized String idMask() {
            masked();
            return java.util.Objects.requireNonNull(idMask);
        }

        String name() { return name; }

        synchronized @Nullable String phoneMask() {
            masked();
            return phoneMask;
        }

        /** The masks, made once from the plaintext (which is there until the seal, and the seal makes them first). */
        private void masked() {
            if (idMask == null) {
                idMask = Masking.id(java.util.Objects.requireNonNull(id));
                phoneMask = phone == null ? null : Masking.phone(phone);
            }
        }

        int idKey() { return sealed().keyId(); }

        byte[] idCipher() { return sealed().bytes(); }

        synchronized @Nullable Integer phoneKey() {
            sealed();
            return sealedPhone == null ? null : sealedPhone.keyId();
        }

        synchronized byte @Nullable [] phoneCipher() {
            sealed();
            return sealedPhone == null ? null : sealedPhone.bytes();
        }

        /** Seals the ID and the phone once, then forgets their plaintext. */
        private synchronized PersonalData.Sealed sealed() {
            PersonalData.Sealed sealed = sealedId;
            if (sealed == null) {
                masked();
                sealed = data.seal(java.util.Objects.requireNonNull(id));
                sealedId = sealed;
                sealedPhone = phone == null ? null : data.seal(phone);
                id = null;
                phone = null;
            }
            return sealed;
        }

        @Override
        public synchronized String toString() {
            masked();
            return "Person[" + idMask + ", " + name + (phoneMask == null ? "" : ", " + phoneMask) + "]";
        }
    }
}
