package org.xiezuo.ledger;

import java.sql.Timestamp;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the new rows of one import straight into {@code ledger_person} and {@code ledger_entry}, on
 * the import's transaction, and hands back the ids new persons got (their entries refer to them): on
 * PostgreSQL with COPY, the persons' ids taken from the table's identity sequence in one statement first
 * ({@link CopyLedgerWriter}); elsewhere (H2) in JDBC batches that return the generated keys
 * ({@link BatchLedgerWriter}). Which one is decided once per DataSource by its product name
 * ({@code shared.Databases}).
 */
interface LedgerWriter {

    /** What every row of the import shares. */
    record Target(long planId, LedgerKind kind, @Nullable Long batchId, String actor, Timestamp at) {}

    /** Writes new persons of the target's plan; returns their ids, in order. */
    long[] persons(List<EntryDraft.Person> persons);

    /**
     * Writes new entries with their persons' ids (0: none); each entry's unit is its first attribution,
     * so no {@code ledger_attribution} row is written for it (ADR 0020).
     */
    void entries(List<EntryDraft> entries, long[] personIds);

    /** The writer for a template over the import's connection ({@code postgres}: as {@code Databases.isPostgres} says). */
    static LedgerWriter of(JdbcTemplate jdbc, boolean postgres, Target target) {
        DataSource dataSource = java.util.Objects.requireNonNull(jdbc.getDataSource());
        return postgres ? new CopyLedgerWriter(jdbc, dataSource, target) : new BatchLedgerWriter(jdbc, target);
    }
}
