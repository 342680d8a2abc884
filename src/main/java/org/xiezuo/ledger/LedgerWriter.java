package org.xiezuo.ledger;

import java.sql.Timestamp;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the new rows of one import straight into {@code ledger_person}, {@code ledger_entry} and
 * {@code ledger_attribution}, on the import's transaction, and hands back the ids the rows got: on
 * PostgreSQL with COPY after taking the ids from the tables' identity sequences in one statement
 * ({@link CopyLedgerWriter}); elsewhere (H2) in JDBC batches that return the generated keys
 * ({@link BatchLedgerWriter}). Which one is decided once per DataSource by its product name
 * ({@code shared.Databases}).
 */
interface LedgerWriter {

    /** What every row of the import shares. */
    record Target(long planId, LedgerKind kind, @Nullable Long batchId, String actor, Timestamp at) {}

    /** Writes new persons of the target's plan; returns their ids, in order. */
    long[] persons(List<EntryDraft.Person> persons);

    /** Writes new entries with their persons' ids (0: none); returns their ids, in order. */
    long[] entries(List<EntryDraft> entries, long[] personIds);

    /** Writes the first {@code n} attributions (entry, unit) of the target's batch. */
    void attributions(long[] entryIds, long[] unitIds, int n);

    /** The writer for a template over the import's connection ({@code postgres}: as {@code Databases.isPostgres} says). */
    static LedgerWriter of(JdbcTemplate jdbc, boolean postgres, Target target) {
        DataSource dataSource = java.util.Objects.requireNonNull(jdbc.getDataSource());
        return postgres ? new CopyLedgerWriter(jdbc, dataSource, target) : new BatchLedgerWriter(jdbc, target);
    }
}
