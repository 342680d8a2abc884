package org.xiezuo.reporting.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.FormProblem;
import org.xiezuo.reporting.FormRefused;
import org.xiezuo.reporting.ReportForms;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * The files of a unit's report on the pages: evidence upload, download and deletion, and the Excel round
 * trip (download the form, upload it filled in). Uploads and deletions go back to the unit's sheet with
 * a flash message: {@code message} on success, {@code error} when refused, and for a form also
 * {@code formProblems} (each problem as “第N行【列】：…”) or {@code formWarnings} (findings to answer).
 * Downloads are attachments with the stored name (RFC 6266/5987), an allow-listed type and {@code nosniff}.
 */
@Controller
class ReportFilesController {

    private final EvidenceFiles evidence;
    private final ReportForms forms;

    ReportFilesController(EvidenceFiles evidence, ReportForms forms) {
        this.evidence = evidence;
        this.forms = forms;
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/evidence")
    String submitEvidence(@PathVariable long periodId, @PathVariable long unitId, @RequestParam("file") MultipartFile file,
                          @RequestParam(name = "indicator", required = false) @Nullable Long indicator,
                          @RequestParam(name = "task", required = false) @Nullable Long task,
                          Actor actor, RedirectAttributes flash) throws MissingServletRequestParameterException {
        LineRef line = LineRef.of(indicator, task);
        if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
            flash.addFlashAttribute("error", "请选择要上传的佐证材料");
        } else {
            try {
                EvidenceFiles.Stored stored = evidence.upload(actor, periodId, unitId, line.kind(), line.ref(),
                        file.getOriginalFilename(), file.getSize(), file);
                flash.addFlashAttribute("message", "已上传佐证材料「" + stored.fileName() + "」");
            } catch (BusinessRuleViolation refused) {
                flash.addFlashAttribute("error", refused.getMessage());
            }
        }
        return "redirect:/periods/" + periodId + "/units/" + unitId + "#" + LineRef.anchor(line.kind(), line.ref());
    }

    @GetMapping("/evidence/{id}")
    ResponseEntity<byte[]> downloadEvidence(@PathVariable long id, Actor actor) {
        EvidenceFiles.Download file = evidence.download(actor, id);
        return attachment(file.fileName(), file.contentType(), file.content());
    }

    @PostMapping("/evidence/{id}/delete")
    String submitEvidenceDeletion(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        EvidenceFiles.Removed removed = evidence.delete(actor, id);
        flash.addFlashAttribute("message", "已删除佐证材料「" + removed.fileName() + "」");
        return "redirect:/periods/" + removed.periodId() + "/units/" + removed.unitId() + "#"
                + LineRef.anchor(removed.kind(), removed.ref());
    }

    @GetMapping("/periods/{periodId}/units/{unitId}/form.xlsx")
    ResponseEntity<byte[]> downloadForm(@PathVariable long periodId, @PathVariable long unitId, Actor actor) {
        ReportForms.FormFile form = forms.download(actor, periodId, unitId);
        return attachment(form.fileName(), ReportForms.FormFile.CONTENT_TYPE, form.content());
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/form")
    String submitForm(@PathVariable long periodId, @PathVariable long unitId, @RequestParam("file") MultipartFile file,
                      Actor actor, RedirectAttributes flash) {
        if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
            flash.addFlashAttribute("error", "请选择填写好的填报表（.xlsx）");
        } else {
            try {
                ReportForms.Outcome outcome = forms.upload(actor, periodId, unitId, file.getOriginalFilename(), file.getSize(), file);
                flash.addFlashAttribute("message", outcome.saved() == 0 ? "填报表中没有修改，未保存任何内容"
                        : "填报表已导入：保存了" + outcome.indicatorsSaved() + "个指标、" + outcome.tasksSaved() + "项任务");
                List<String> warnings = outcome.findings().stream().map(Finding::message).toList();
                if (!warnings.isEmpty()) flash.addFlashAttribute("formWarnings", warnings);
            } catch (FormRefused refused) {
                flash.addFlashAttribute("error", refused.problems().size() == 1 && refused.problems().get(0).row() == 0
                        ? refused.getMessage() : "填报表未导入：共" + refused.problems().size() + "处问题，请改正后重新上传；系统中的内容没有任何改动");
                flash.addFlashAttribute("formProblems", refused.problems().stream().map(FormProblem::text).toList());
            } catch (BusinessRuleViolation refused) {
                flash.addFlashAttribute("error", "填报表未导入：" + refused.getMessage());
            } catch (IOException failed) {
                flash.addFlashAttribute("error", "填报表未导入：保存过程中出错，已全部撤销，系统中的内容没有任何改动；请稍后重试");
            }
        }
        return "redirect:/periods/" + periodId + "/units/" + unitId + "#report-form";
    }

    /** The file as a download, never shown in the browser. */
    static ResponseEntity<byte[]> attachment(String fileName, String contentType, byte[] content) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .contentType(MediaType.parseMediaType(contentType))
                .contentLength(content.length)
                .body(content);
    }

    /** The line an evidence file belongs to, from the form's {@code indicator} or {@code task} field. */
    record LineRef(LineKind kind, long ref) {
        static LineRef of(@Nullable Long indicator, @Nullable Long task) throws MissingServletRequestParameterException {
            if (indicator != null && task == null) return new LineRef(LineKind.INDICATOR, indicator);
            if (task != null && indicator == null) return new LineRef(LineKind.TASK, task);
            throw new MissingServletRequestParameterException("indicator", "Long");
        }

        /** The element id of the line's evidence list on the sheet page (see {@code reporting/evidence :: files}). */
        static String anchor(LineKind kind, long ref) {
            return "evidence-" + (kind == LineKind.INDICATOR ? "indicator-" : "task-") + ref;
        }
    }
}
