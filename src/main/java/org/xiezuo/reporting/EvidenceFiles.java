package org.xiezuo.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.EvidenceRefused.Reason;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.FileNames;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * Evidence files (佐证材料) of a unit's report: uploaded for one indicator line or task line of the report
 * the unit works on for a period (created on first use, like a line save; refused when it is not
 * editable), downloaded by whoever may read the report, deleted while the report is editable. The type
 * is decided by the content ({@link EvidenceContent}); the bytes go to the {@link EvidenceStore} under a
 * server-made key and the metadata row is written in the same transaction, so both exist or neither
 * does; the SHA-256 taken at upload is checked on every download. Uploads, deletions, downloads and
 * refused files are audited.
 */
@Service
public class EvidenceFiles {

    private static final Logger log = LoggerFactory.getLogger(EvidenceFiles.class);

    private final Reporting reporting;
    private final Reports reports;
    private final PlanQueries plans;
    private final EvidenceStore store;
    private final EvidenceSettings settings;
    private final EvidenceContent content;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EvidenceFiles(Reporting reporting, Reports reports, PlanQueries plans, EvidenceStore store, EvidenceSettings settings,
                  AuditTrail audit, Refusals refusals, JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.reporting = reporting;
        this.reports = reports;
        this.plans = plans;
        this.store = store;
        this.settings = settings;
        this.content = new EvidenceContent(settings);
        this.audit = audit;
        this.refusals = refusals;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A stored evidence file. */
    public record Stored(long id, long reportId, long periodId, long unitId, LineKind kind, long ref, String fileName,
                         String contentType, long size, String sha256, String uploadedBy, Instant uploadedAt) {}

    /** A file to send: its stored name, its allow-listed content type, and the verified bytes. */
    public record Download(long id, String fileName, String contentType, byte[] content) {}

    /** What a deletion removed, and where it was. */
    public record Removed(long id, long periodId, long unitId, LineKind kind, long ref, String fileName) {}

    /** The size limit, in bytes and as users read it (“20MB”). */
    public long maxBytes() { return settings.maxSize().toBytes(); }

    public String maxSizeText() { return settings.maxSizeText(); }

    /**
     * Stores a file for one line of the unit's working report for the period. {@code size} is what the
     * upload declared; more than the limit is refused before anything is read.
     */
    public Stored upload(Actor actor, long periodId, long unitId, LineKind kind, long ref, @Nullable String originalName,
                         long size, InputStreamSource source) {
        String line = reporting.editableLine(actor, periodId, unitId, kind, ref);
        String fileName = FileNames.sanitise(originalName);
        try {
            byte[] bytes = read(fileName, size, source);
            EvidenceType type = content.check(fileName, bytes);
            String sha256 = sha256(bytes);
            return transaction.execute(status -> store(actor, periodId, unitId, kind, ref, line, fileName, type, bytes, sha256));
        } catch (EvidenceRefused refused) {
            String lineId = kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + ref;
            audit.recordAlone(actor, new Event("EVIDENCE_REFUSED", "report-line", lineId, null, "FAILURE",
                    "佐证材料未保存（" + line + "）：" + refused.getMessage()));
            throw refused;
        }
    }

    private byte[] read(String fileName, long size, InputStreamSource source) {
        long max = settings.maxSize().toBytes();
        if (size > max) throw EvidenceContent.tooLarge(fileName, settings);
        try (InputStream in = source.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) throw EvidenceContent.tooLarge(fileName, settings);
            return bytes;
        } catch (IOException e) {
            throw new EvidenceRefused(Reason.CONTENT, fileName, "「" + fileName + "」读取失败，请重新上传");
        }
    }

    private Stored store(Actor actor, long periodId, long unitId, LineKind kind, long ref, String line, String fileName,
                         EvidenceType type, byte[] bytes, String sha256) {
        Report report = reporting.lockedWorkingReport(actor, periodId, unitId);
        String key;
        try {
            key = store.write(bytes);
        } catch (IOException e) {
            throw notStored(fileName, e);
        }
        Instant now = clock.instant();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into reporting_evidence (report_id, indicator_id, task_id, file_name, content_type, size_bytes, sha256,
                                                storage_key, uploaded_by, uploaded_at)
                values (:report, :indicator, :task, :name, :type, :size, :sha, :key, :by, :at)
                """)
                .param("report", report.id())
                .param("indicator", kind == LineKind.INDICATOR ? ref : null, java.sql.Types.BIGINT)
                .param("task", kind == LineKind.TASK ? ref : null, java.sql.Types.BIGINT)
                .param("name", fileName).param("type", type.contentType()).param("size", (long) bytes.length)
                .param("sha", sha256).param("key", key).param("by", actor.name())
                .param("at", OffsetDateTime.ofInstant(now, Period.ZONE))
                .update(keys, "id");
        Number id = keys.getKey();
        if (id == null) throw new IllegalStateException("no id for the evidence row");
        audit.record(actor, Event.success("EVIDENCE_UPLOADED", "evidence", id.longValue(), report.planId(),
                "上传佐证材料「" + fileName + "」（" + type.label() + "，" + bytes.length + " 字节，SHA-256 " + sha256.substring(0, 12)
                        + "）到" + line));
        return new Stored(id.longValue(), report.id(), periodId, unitId, kind, ref, fileName, type.contentType(), bytes.length,
                sha256, actor.name(), now);
    }

    /** Disk full answers “存储空间不足，文件未保存” (SECURITY.md T70); other failures say the write failed. */
    private static EvidenceRefused notStored(String fileName, IOException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            log.warn("Evidence store full while saving an upload: {}", e.toString());
            return new EvidenceRefused(Reason.STORAGE, fileName, "「" + fileName + "」：存储空间不足，文件未保存");
        }
        log.error("Evidence store failed while saving an upload", e);
        return new EvidenceRefused(Reason.STORAGE, fileName, "「" + fileName + "」：文件存储失败，文件未保存；请稍后重试或联系管理员");
    }

    /** The file, if the actor may read the report it belongs to; its bytes checked against the SHA-256. */
    public Download download(Actor actor, long evidenceId) {
        Access.require(actor, Permission.REPORT_READ);
        EvidenceRow row = find(evidenceId).orElseThrow(() -> new NotFound("佐证材料", evidenceId));
        long district = plans.book(Actor.system(), row.planId()).plan().districtId();
        if (!Access.reaches(actor, Permission.REPORT_READ, district, List.of(row.unitId()))) {
            throw refusals.hidden(actor, "佐证材料", evidenceId);
        }
        byte[] bytes;
        try {
            bytes = store.read(row.storageKey()).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes == null || bytes.length != row.size() || !sha256(bytes).equals(row.sha256())) {
            log.error("Evidence {} ({}) does not match its SHA-256 or is missing from the store", evidenceId, row.storageKey());
            audit.recordAlone(actor, new Event("EVIDENCE_DOWNLOADED", "evidence", evidenceId, row.planId(), "FAILURE",
                    "佐证材料「" + row.fileName() + "」" + (bytes == null ? "在存储中不存在" : "校验值与上传时不符") + "，未下载"));
            throw new BusinessRuleViolation("evidence.corrupt", "佐证材料「" + row.fileName() + "」"
                    + (bytes == null ? "在存储中找不到" : "的校验值与上传时不符，文件可能已损坏或被改动") + "，未下载；请联系管理员");
        }
        String contentType = EvidenceType.byContentType(row.contentType()).map(EvidenceType::contentType)
                .orElse("application/octet-stream");
        audit.recordAlone(actor, Event.success("EVIDENCE_DOWNLOADED", "evidence", evidenceId, row.planId(),
                "下载佐证材料「" + row.fileName() + "」，" + bytes.length + " 字节"));
        return new Download(evidenceId, row.fileName(), contentType, bytes);
    }

    /**
     * Deletes a file of the report the unit works on, while it is editable. The bytes go only when no other
     * revision of the report still lists them (a correction shares its predecessor's files).
     */
    public Removed delete(Actor actor, long evidenceId) {
        Access.require(actor, Permission.REPORT_EDIT);
        return transaction.execute(status -> {
            EvidenceRow row = find(evidenceId).orElseThrow(() -> new NotFound("佐证材料", evidenceId));
            long district = plans.book(Actor.system(), row.planId()).plan().districtId();
            if (!Access.reaches(actor, Permission.REPORT_EDIT, district, List.of(row.unitId()))) {
                throw refusals.hidden(actor, "佐证材料", evidenceId);
            }
            Report working = reporting.lockedWorkingReport(actor, row.periodId(), row.unitId());
            if (working.id() != row.reportId()) {
                Report owner = reports.require(row.reportId());
                throw new BusinessRuleViolation("evidence.revision", "佐证材料「" + row.fileName() + "」属于第" + owner.revision()
                        + "版报告，不能删除；只能删除正在填报的第" + working.revision() + "版中的材料");
            }
            jdbc.sql("delete from reporting_evidence where id = :id").param("id", evidenceId).update();
            long sharing = jdbc.sql("select count(*) from reporting_evidence where storage_key = :key")
                    .param("key", row.storageKey()).query(Long.class).single();
            if (sharing == 0) {
                try {
                    store.discard(row.storageKey());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            audit.record(actor, Event.success("EVIDENCE_DELETED", "evidence", evidenceId, row.planId(),
                    "删除佐证材料「" + row.fileName() + "」"));
            return new Removed(evidenceId, row.periodId(), row.unitId(), row.kind(), row.ref(), row.fileName());
        });
    }

    record EvidenceRow(long id, long reportId, long planId, long periodId, long unitId, LineKind kind, long ref,
                       String fileName, String contentType, long size, String sha256, String storageKey) {}

    private Optional<EvidenceRow> find(long evidenceId) {
        return jdbc.sql("""
                select e.id, e.report_id, r.plan_id, r.period_id, r.unit_id, e.indicator_id, e.task_id, e.file_name,
                       e.content_type, e.size_bytes, e.sha256, e.storage_key
                  from reporting_evidence e join reporting_report r on r.id = e.report_id
                 where e.id = :id
                """).param("id", evidenceId).query((rs, n) -> {
                    Long indicator = rs.getObject("indicator_id", Long.class);
                    Long task = rs.getObject("task_id", Long.class);
                    return new EvidenceRow(rs.getLong("id"), rs.getLong("report_id"), rs.getLong("plan_id"), rs.getLong("period_id"),
                            rs.getLong("unit_id"), indicator != null ? LineKind.INDICATOR : LineKind.TASK,
                            indicator != null ? indicator : task == null ? 0 : task, rs.getString("file_name"),
                            rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("storage_key"));
                }).optional();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
