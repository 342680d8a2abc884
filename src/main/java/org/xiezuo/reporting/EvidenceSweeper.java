package org.xiezuo.reporting;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.reporting.EvidenceStore.Listed;
import org.xiezuo.reporting.EvidenceStore.ListedKind;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;

/**
 * Reconciles the evidence rows with the evidence store (SECURITY.md §6 and T69), typically after a
 * restore: every storage key an evidence row names must be in the store with the size and SHA-256 taken
 * at upload; what the store holds that no row names is listed. The check reads only.
 *
 * <p>A sweep may then remove unreferenced objects and the part files of interrupted writes — never a
 * file an evidence row refers to (each name is checked against the rows again right before it goes),
 * never a file the store did not write, and only entries older than a grace period, because the file of
 * an upload in progress exists a moment before its row is committed. The names to be removed are
 * recorded in the audit trail before anything is removed; if that row cannot be written nothing is.
 *
 * <p>Whoever runs it sees storage keys and the whole store: it is work for the server's operator, from
 * the command line ({@code evidence-check}), not a page.
 */
@Service
public class EvidenceSweeper {

    private final EvidenceStore store;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    EvidenceSweeper(EvidenceStore store, JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A storage key rows refer to that the store does not hold. */
    public record Missing(String storageKey, List<Long> evidenceIds) {}

    /** A storage key whose bytes are not those uploaded: size or SHA-256 differ. */
    public record Mismatch(String storageKey, List<Long> evidenceIds, long expectedSize, String expectedSha256,
                           long actualSize, String actualSha256) {}

    /**
     * Something in the store no row refers to: {@code kind} is {@code object}, {@code part} (an interrupted
     * write) or {@code foreign} (not written by the application); {@code removed} when a sweep removed it.
     */
    public record Unreferenced(String name, String kind, long size, @Nullable Instant modified, boolean removed) {}

    /**
     * The outcome: how many storage keys rows refer to ({@code references}), how many entries the store
     * holds ({@code stored}), how many references resolved with matching bytes ({@code verified}), and the
     * three lists.
     */
    public record Report(String store, int references, int stored, int verified, List<Missing> missing,
                         List<Mismatch> mismatched, List<Unreferenced> unreferenced) {

        /** Every reference resolves to bytes with the size and SHA-256 taken at upload. */
        public boolean consistent() { return missing.isEmpty() && mismatched.isEmpty(); }

        public long removed() { return unreferenced.stream().filter(Unreferenced::removed).count(); }
    }

    /** Compares rows and store; changes nothing. */
    public Report check(Actor actor) {
        requireOperator(actor);
        return compare(actor, null);
    }

    /**
     * {@link #check}, then removes unreferenced objects and part files last changed more than
     * {@code olderThan} ago (entries of a store without times, the database, count as old: their rows and
     * bytes commit together, so an uncommitted upload is not visible). Audited.
     */
    public Report sweep(Actor actor, Duration olderThan) {
        requireOperator(actor);
        if (olderThan.isNegative()) throw new IllegalArgumentException("olderThan must not be negative");
        return compare(actor, clock.instant().minus(olderThan));
    }

    private static void requireOperator(Actor actor) {
        if (actor.kind() == Actor.Kind.USER) {
            throw new AccessDenied("佐证材料存储核对只能由服务器运维人员在命令行执行");
        }
    }

    private record Expected(long size, String sha256) {}

    private Report compare(Actor actor, @Nullable Instant removeBefore) {
        Map<String, Map<Expected, List<Long>>> references = references();
        List<Listed> listed;
        try {
            listed = store.list();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the evidence store cannot be listed", e);
        }
        Map<String, Listed> objects = new LinkedHashMap<>();
        for (Listed entry : listed) if (entry.kind() == ListedKind.OBJECT) objects.put(entry.name(), entry);

        List<Missing> missing = new ArrayList<>();
        List<Mismatch> mismatched = new ArrayList<>();
        int verified = 0;
        for (Map.Entry<String, Map<Expected, List<Long>>> reference : references.entrySet()) {
            String key = reference.getKey();
            byte[] bytes = objects.containsKey(key) ? read(key) : null;
            boolean allMatch = true;
            for (Map.Entry<Expected, List<Long>> expected : reference.getValue().entrySet()) {
                if (bytes == null) {
                    allMatch = false;
                    if (stillReferenced(key)) missing.add(new Missing(key, expected.getValue()));
                } else {
                    String sha256 = EvidenceFiles.sha256(bytes);
                    if (bytes.length != expected.getKey().size() || !sha256.equals(expected.getKey().sha256())) {
                        allMatch = false;
                        if (stillReferenced(key)) {
                            mismatched.add(new Mismatch(key, expected.getValue(), expected.getKey().size(), expected.getKey().sha256(),
                                    bytes.length, sha256));
                        }
                    }
                }
            }
            if (allMatch) verified++;
        }

        List<Listed> candidates = new ArrayList<>();
        List<Listed> others = new ArrayList<>();
        for (Listed entry : listed) {
            if (entry.kind() == ListedKind.OBJECT && references.containsKey(entry.name())) continue;
            boolean old = entry.modified() == null || removeBefore == null || entry.modified().isBefore(removeBefore);
            if (removeBefore != null && entry.kind() != ListedKind.FOREIGN && old && !stillReferenced(keyOf(entry))) {
                candidates.add(entry);
            } else {
                others.add(entry);
            }
        }
        List<Unreferenced> unreferenced = new ArrayList<>();
        for (Listed entry : others) unreferenced.add(unreferenced(entry, false));
        unreferenced.addAll(remove(actor, candidates));
        unreferenced.sort(java.util.Comparator.comparing(Unreferenced::name));
        return new Report(storeName(), references.size(), listed.size(), verified, missing, mismatched, unreferenced);
    }

    private List<Unreferenced> remove(Actor operator, List<Listed> candidates) {
        if (candidates.isEmpty()) return List.of();
        long bytes = candidates.stream().mapToLong(Listed::size).sum();
        audit.recordAlone(operator, Event.success("EVIDENCE_SWEPT", "evidence_store", storeName(), null,
                "清理佐证材料存储中未被引用的 " + candidates.size() + " 项（" + bytes + " 字节）：" + names(candidates)));
        List<Unreferenced> outcome = new ArrayList<>();
        List<Listed> failed = new ArrayList<>();
        for (Listed entry : candidates) {
            boolean removed;
            try {
                removed = !stillReferenced(keyOf(entry)) && store.remove(entry);
            } catch (IOException e) {
                removed = false;
            }
            if (!removed) failed.add(entry);
            outcome.add(unreferenced(entry, removed));
        }
        if (!failed.isEmpty()) {
            audit.recordAlone(operator, new Event("EVIDENCE_SWEPT", "evidence_store", storeName(), null, "FAILURE",
                    "以下 " + failed.size() + " 项未删除（已不存在、已被引用或无法删除）：" + names(failed)));
        }
        return outcome;
    }

    private static String names(List<Listed> entries) {
        return entries.stream().map(Listed::name).collect(Collectors.joining("、"));
    }

    private static Unreferenced unreferenced(Listed entry, boolean removed) {
        String kind = switch (entry.kind()) {
            case OBJECT -> "object";
            case PARTIAL -> "part";
            case FOREIGN -> "foreign";
        };
        return new Unreferenced(entry.name(), kind, entry.size(), entry.modified(), removed);
    }

    private static String keyOf(Listed entry) {
        return entry.kind() == ListedKind.PARTIAL ? entry.name().substring(0, entry.name().length() - ".part".length()) : entry.name();
    }

    private String storeName() {
        return store instanceof FolderEvidenceStore folder ? "folder " + folder.folder() : "database";
    }

    /** Storage key → (size, SHA-256) expected → ids of the rows expecting it (revisions share files). */
    private Map<String, Map<Expected, List<Long>>> references() {
        Map<String, Map<Expected, List<Long>>> references = new LinkedHashMap<>();
        jdbc.sql("select id, storage_key, size_bytes, sha256 from reporting_evidence order by storage_key, id")
                .query(rs -> {
                    references.computeIfAbsent(rs.getString(2), k -> new LinkedHashMap<>())
                            .computeIfAbsent(new Expected(rs.getLong(3), rs.getString(4)), e -> new ArrayList<>()).add(rs.getLong(1));
                });
        return references;
    }

    private boolean stillReferenced(String key) {
        return jdbc.sql("select count(*) from reporting_evidence where storage_key = :key").param("key", key)
                .query(Long.class).single() > 0;
    }

    private byte @Nullable [] read(String key) {
        try {
            Optional<byte[]> bytes = store.read(key);
            return bytes.orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
