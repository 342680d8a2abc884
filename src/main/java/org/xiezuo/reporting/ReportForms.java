package org.xiezuo.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.reporting.ReportingQueries.Sheet;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.FileNames;

/**
 * The Excel round trip of a unit's report for a period: download the form ({@link ReportWorkbook}) to
 * fill in offline, and upload it back through the same checks as typing, all or nothing
 * ({@link FormUpload}). The download is for whoever may read the report; the upload for whoever may
 * edit it, checked before the file is read. Downloads, imports and refused files are audited.
 */
@Service
public class ReportForms {

    private final Reporting reporting;
    private final ReportingQueries queries;
    private final FormUpload upload;
    private final FormSettings settings;
    private final AuditTrail audit;

    ReportForms(Reporting reporting, ReportingQueries queries, FormUpload upload, FormSettings settings, AuditTrail audit) {
        this.reporting = reporting;
        this.queries = queries;
        this.upload = upload;
        this.settings = settings;
        this.audit = audit;
    }

    /** A form to send. */
    public record FormFile(String fileName, byte[] content) {
        public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }

    /** What an upload saved: lines by kind, and the report's findings afterwards (warnings to answer). */
    public record Outcome(@Nullable Long reportId, int indicatorsSaved, int tasksSaved, List<Finding> findings) {
        public int saved() { return indicatorsSaved + tasksSaved; }
    }

    /** The size limit of an uploaded form, in bytes and as users read it (“5MB”). */
    public long maxBytes() { return settings.maxSize().toBytes(); }

    public String maxSizeText() { return EvidenceSettings.sizeText(settings.maxSize().toBytes()); }

    /** The unit's form for the period; inputs open only when the actor may edit the report now. */
    public FormFile download(Actor actor, long periodId, long unitId) {
        Sheet sheet = queries.sheet(actor, periodId, unitId);
        byte[] content = ReportWorkbook.write(sheet);
        audit.recordAlone(actor, Event.success("REPORT_FORM_DOWNLOADED", "period-unit", periodId + "/" + unitId, sheet.plan().id(),
                "下载填报表：" + sheet.unit().name() + " " + sheet.period().label() + "（指标" + sheet.indicators().size() + "行、任务"
                        + sheet.tasks().size() + "行）"));
        return new FormFile(FileNames.sanitise("填报表-" + sheet.unit().name() + "-" + sheet.period().label() + ".xlsx"), content);
    }

    /**
     * Imports a filled form: everything in it or nothing. {@link FormRefused} lists every problem by row
     * and column; an {@link IOException} while saving rolls everything back too.
     */
    public Outcome upload(Actor actor, long periodId, long unitId, @Nullable String originalName, long size,
                          InputStreamSource source) throws IOException {
        PlanBook book = reporting.editableUnit(actor, periodId, unitId);
        String fileName = FileNames.sanitise(originalName);
        try {
            byte[] content = read(fileName, size, source);
            return upload.apply(actor, periodId, unitId, fileName, ReportWorkbook.read(fileName, content, settings));
        } catch (FormRefused refused) {
            refusedAudit(actor, periodId, unitId, book, fileName, refused.problems().stream().limit(5).map(FormProblem::text)
                    .collect(Collectors.joining("；")) + (refused.problems().size() > 5 ? "……" : ""));
            throw refused;
        } catch (IOException failed) {
            refusedAudit(actor, periodId, unitId, book, fileName, "保存过程中出错，已全部撤销");
            throw failed;
        }
    }

    private byte[] read(String fileName, long size, InputStreamSource source) throws IOException {
        long max = settings.maxSize().toBytes();
        String limit = "「" + fileName + "」文件超过" + EvidenceSettings.sizeText(max) + "上限";
        if (size > max) throw new FormRefused(limit);
        try (InputStream in = source.getInputStream()) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (content.length > max) throw new FormRefused(limit);
            return content;
        }
    }

    private void refusedAudit(Actor actor, long periodId, long unitId, PlanBook book, String fileName, String why) {
        audit.recordAlone(actor, new Event("REPORT_FORM_REFUSED", "period-unit", periodId + "/" + unitId, book.plan().id(), "FAILURE",
                "填报表「" + fileName + "」未导入：" + why));
    }
}
