package org.xiezuo.reporting.web;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.TaskProgress;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;

/**
 * The data-entry page of one unit for one period. Each line is its own form: with htmx it saves as the
 * reporter types and answers with the line re-rendered (new version, findings); without JavaScript the
 * same form posts and comes back to the page. A refused save answers 409 (or 400 for input to correct)
 * with the reporter's own input shown again. Then submission, withdrawal and correction.
 */
@Controller
class SheetController {

    private static final String SHEET = "reporting/sheet";
    private static final String INDICATOR_SAVED = "reporting/fragments :: indicatorSaved";
    private static final String TASK_SAVED = "reporting/fragments :: taskSaved";

    private final Reporting reporting;
    private final ReportingQueries queries;

    SheetController(Reporting reporting, ReportingQueries queries) {
        this.reporting = reporting;
        this.queries = queries;
    }

    /** One indicator line as posted; {@code version} is the line's version the form showed (0 before the first save). */
    record IndicatorLineForm(@Nullable String value, @Nullable String note, @Nullable String reason, int version) {}

    /** One task line as posted; the progress by code (DONE) or label (已完成). */
    record TaskLineForm(@Nullable String progress, @Nullable String narrative, @Nullable String reason, int version) {}

    @GetMapping("/periods/{periodId}/units/{unitId}")
    String showSheet(@PathVariable long periodId, @PathVariable long unitId, Actor actor, Model model) {
        return sheet(model, actor, queries.sheet(actor, periodId, unitId));
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/indicators/{indicatorId}")
    String submitIndicatorLine(@PathVariable long periodId, @PathVariable long unitId, @PathVariable long indicatorId,
                               @ModelAttribute("line") IndicatorLineForm form,
                               @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Actor actor,
                               Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            reporting.saveIndicatorLine(actor, periodId, unitId, indicatorId, form.version(), form.value(), form.note(),
                    form.reason());
        } catch (BusinessRuleViolation refused) {
            response.setStatus(RefusalStatus.of(refused).value());
            model.addAttribute("failed", LineInput.ofIndicator(indicatorId, form.value(), form.note(), form.reason(),
                    refused.getMessage()));
            if (htmx != null) return indicatorLine(model, actor, periodId, unitId, indicatorId);
            return sheet(model, actor, queries.sheet(actor, periodId, unitId));
        }
        if (htmx != null) {
            model.addAttribute("saved", true);
            return indicatorLine(model, actor, periodId, unitId, indicatorId);
        }
        flash.addFlashAttribute("message", "已保存");
        return "redirect:/periods/" + periodId + "/units/" + unitId + "#indicator-" + indicatorId;
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/tasks/{taskId}")
    String submitTaskLine(@PathVariable long periodId, @PathVariable long unitId, @PathVariable long taskId,
                          @ModelAttribute("line") TaskLineForm form,
                          @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Actor actor,
                          Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            TaskProgress progress = TaskProgress.parse(form.progress());
            if (progress == null) throw RefusalStatus.badInput("请选择任务进展（未启动、推进中、已完成或滞后）");
            reporting.saveTaskLine(actor, periodId, unitId, taskId, form.version(), progress, form.narrative(), form.reason());
        } catch (BusinessRuleViolation refused) {
            response.setStatus(RefusalStatus.of(refused).value());
            TaskProgress typed = TaskProgress.parse(form.progress());
            model.addAttribute("failed", LineInput.ofTask(taskId, typed == null ? form.progress() : typed.name(), form.narrative(),
                    form.reason(), refused.getMessage()));
            if (htmx != null) return taskLine(model, actor, periodId, unitId, taskId);
            return sheet(model, actor, queries.sheet(actor, periodId, unitId));
        }
        if (htmx != null) {
            model.addAttribute("saved", true);
            return taskLine(model, actor, periodId, unitId, taskId);
        }
        flash.addFlashAttribute("message", "已保存");
        return "redirect:/periods/" + periodId + "/units/" + unitId + "#task-" + taskId;
    }

    @PostMapping("/reports/{id}/submit")
    String submitReport(@PathVariable long id, @RequestParam int version, Actor actor, Model model,
                        HttpServletResponse response, RedirectAttributes flash) {
        ReportingQueries.Sheet report = queries.report(actor, id);
        try {
            reporting.submit(actor, id, version);
        } catch (Reporting.SubmissionRefused refused) {
            model.addAttribute("refusal", refused.findings());
            return refusedOnSheet(model, actor, report, refused, response);
        } catch (BusinessRuleViolation refused) {
            return refusedOnSheet(model, actor, report, refused, response);
        }
        flash.addFlashAttribute("message", "已提交审核");
        return "redirect:" + sheetUrl(report);
    }

    @PostMapping("/reports/{id}/withdraw")
    String submitWithdrawal(@PathVariable long id, @RequestParam int version, Actor actor, Model model,
                            HttpServletResponse response, RedirectAttributes flash) {
        ReportingQueries.Sheet report = queries.report(actor, id);
        try {
            reporting.withdraw(actor, id, version);
        } catch (BusinessRuleViolation refused) {
            return refusedOnSheet(model, actor, report, refused, response);
        }
        flash.addFlashAttribute("message", "已撤回，报告回到草稿，可继续修改后重新提交");
        return "redirect:" + sheetUrl(report);
    }

    @PostMapping("/reports/{id}/correct")
    String submitCorrection(@PathVariable long id, @RequestParam(required = false) @Nullable String reason, Actor actor,
                            Model model, HttpServletResponse response, RedirectAttributes flash) {
        ReportingQueries.Sheet report = queries.report(actor, id);
        try {
            reporting.correct(actor, id, reason == null ? "" : reason);
        } catch (BusinessRuleViolation refused) {
            model.addAttribute("correctionReason", reason);
            return refusedOnSheet(model, actor, report, refused, response);
        }
        flash.addFlashAttribute("message", "已创建更正版本，请修改后重新提交；审核通过前仍以原已审核版本为准");
        return "redirect:" + sheetUrl(report);
    }

    private String refusedOnSheet(Model model, Actor actor, ReportingQueries.Sheet report, BusinessRuleViolation refused,
                                  HttpServletResponse response) {
        response.setStatus(RefusalStatus.of(refused).value());
        model.addAttribute("error", refused.getMessage());
        return sheet(model, actor, queries.sheet(actor, report.period().id(), report.unit().id()));
    }

    private String sheet(Model model, Actor actor, ReportingQueries.Sheet sheet) {
        model.addAttribute("sheet", sheet);
        model.addAttribute("periods", queries.periods(actor, sheet.plan().id()));
        return SHEET;
    }

    private String indicatorLine(Model model, Actor actor, long periodId, long unitId, long indicatorId) {
        ReportingQueries.Sheet sheet = queries.sheet(actor, periodId, unitId);
        model.addAttribute("sheet", sheet);
        model.addAttribute("entry", sheet.indicators().stream().filter(e -> e.indicator().id() == indicatorId).findFirst()
                .orElseThrow(() -> new NotFound("指标", indicatorId)));
        return INDICATOR_SAVED;
    }

    private String taskLine(Model model, Actor actor, long periodId, long unitId, long taskId) {
        ReportingQueries.Sheet sheet = queries.sheet(actor, periodId, unitId);
        model.addAttribute("sheet", sheet);
        model.addAttribute("task", sheet.tasks().stream().filter(e -> e.task().id() == taskId).findFirst()
                .orElseThrow(() -> new NotFound("任务", taskId)));
        return TASK_SAVED;
    }

    static String sheetUrl(ReportingQueries.Sheet sheet) {
        return "/periods/" + sheet.period().id() + "/units/" + sheet.unit().id();
    }
}
