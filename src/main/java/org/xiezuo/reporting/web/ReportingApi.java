package org.xiezuo.reporting.web;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.TaskProgress;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * Progress reporting as JSON, with the same commands, checks and scope as the pages: periods and
 * plan-level actuals, a unit's sheet, saving lines (JSON body or form parameters), the report's
 * workflow with the version the client saw, and the reviewer's inbox. Refusals are RFC 9457 problem
 * details: 400 for input to correct, 409 for conflicts and states (with the blocking findings when a
 * submission is refused), 404 out of scope.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "进度填报", description = "填报期、单位报告、逐行保存、提交与审核")
class ReportingApi {

    private final Reporting reporting;
    private final ReportingQueries queries;

    ReportingApi(Reporting reporting, ReportingQueries queries) {
        this.reporting = reporting;
        this.queries = queries;
    }

    /** An indicator line; {@code version} is the line's version the client read (0 for a line never saved). */
    record IndicatorLineRequest(@Nullable String value, @Nullable String note, @Nullable String reason, @Nullable Integer version) {}

    /** A task line; {@code progress} as code (IN_PROGRESS) or label (推进中). */
    record TaskLineRequest(@Nullable String progress, @Nullable String narrative, @Nullable String reason,
                           @Nullable Integer version) {}

    /** A workflow step on the report version the client read; the reason where one is needed (return, correct). */
    record ReportRequest(@Nullable Integer version, @Nullable String reason) {}

    /** Where a report stands after a review step. */
    record Reviewed(long reportId, ReportStatus status, ReportingQueries.ReportSummary report) {}

    @GetMapping("/plans/{id}/periods")
    @Operation(summary = "任务书的填报期", description = "每期的起止日期、截止日期、是否关闭、是否补报期、是否逾期")
    List<ReportingQueries.PeriodRow> periods(@PathVariable long id, Actor actor) {
        return queries.periods(actor, id);
    }

    @GetMapping("/plans/{id}/actuals")
    @Operation(summary = "各指标的完成值", description = "只计已审核通过的数据：各责任单位之和，或牵头单位填报的总数")
    List<ReportingQueries.Actual> actuals(@PathVariable long id, Actor actor) {
        return List.copyOf(queries.actuals(actor, id).values());
    }

    @GetMapping("/periods/{periodId}/units/{unitId}")
    @Operation(summary = "单位本期报告", description = "最新版本的各指标、任务、校验结果和版本历史")
    ReportingQueries.Sheet sheet(@PathVariable long periodId, @PathVariable long unitId, Actor actor) {
        return queries.sheet(actor, periodId, unitId);
    }

    @PostMapping(path = "/periods/{periodId}/units/{unitId}/indicators/{indicatorId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "保存指标数值", description = "首次保存时创建本期报告；version 与当前不符时不保存，答复 409 并说明他人保存的值")
    Reporting.LineSaved saveIndicatorLine(@PathVariable long periodId, @PathVariable long unitId, @PathVariable long indicatorId,
                                          @RequestBody IndicatorLineRequest line, Actor actor) {
        return reporting.saveIndicatorLine(actor, periodId, unitId, indicatorId, required(line.version()), line.value(),
                line.note(), line.reason());
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/indicators/{indicatorId}")
    @Operation(summary = "保存指标数值（表单参数）", description = "同上，以 value、note、reason、version 表单参数提交")
    Reporting.LineSaved saveIndicatorLineForm(@PathVariable long periodId, @PathVariable long unitId,
                                              @PathVariable long indicatorId, @ModelAttribute IndicatorLineRequest line,
                                              Actor actor) {
        return saveIndicatorLine(periodId, unitId, indicatorId, line, actor);
    }

    @PostMapping(path = "/periods/{periodId}/units/{unitId}/tasks/{taskId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "保存任务进展")
    Reporting.LineSaved saveTaskLine(@PathVariable long periodId, @PathVariable long unitId, @PathVariable long taskId,
                                     @RequestBody TaskLineRequest line, Actor actor) {
        TaskProgress progress = TaskProgress.parse(line.progress());
        if (progress == null) throw RefusalStatus.badInput("progress 应为 NOT_STARTED、IN_PROGRESS、DONE、LAGGING 之一（或未启动、推进中、已完成、滞后）");
        return reporting.saveTaskLine(actor, periodId, unitId, taskId, required(line.version()), progress, line.narrative(),
                line.reason());
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/tasks/{taskId}")
    @Operation(summary = "保存任务进展（表单参数）")
    Reporting.LineSaved saveTaskLineForm(@PathVariable long periodId, @PathVariable long unitId, @PathVariable long taskId,
                                         @ModelAttribute TaskLineRequest line, Actor actor) {
        return saveTaskLine(periodId, unitId, taskId, line, actor);
    }

    @GetMapping("/reports/{id}")
    @Operation(summary = "报告的一个版本", description = "含各行数值、校验结果和全部版本的历史")
    ReportingQueries.Sheet report(@PathVariable long id, Actor actor) {
        return queries.report(actor, id);
    }

    @PostMapping(path = "/reports/{id}/submit", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "提交审核", description = "有错误或未说明原因的提醒时答复 409，findings 列出全部问题")
    ReportingQueries.ReportSummary submit(@PathVariable long id, @RequestBody ReportRequest request, Actor actor) {
        reporting.submit(actor, id, required(request.version()));
        return queries.report(actor, id).report();
    }

    @PostMapping("/reports/{id}/submit")
    @Operation(summary = "提交审核（表单参数）")
    ReportingQueries.ReportSummary submitForm(@PathVariable long id, @ModelAttribute ReportRequest request, Actor actor) {
        return submit(id, request, actor);
    }

    @PostMapping(path = "/reports/{id}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "撤回提交", description = "仅提交人，且尚未审核时")
    ReportingQueries.ReportSummary withdraw(@PathVariable long id, @RequestBody ReportRequest request, Actor actor) {
        reporting.withdraw(actor, id, required(request.version()));
        return queries.report(actor, id).report();
    }

    @PostMapping("/reports/{id}/withdraw")
    @Operation(summary = "撤回提交（表单参数）")
    ReportingQueries.ReportSummary withdrawForm(@PathVariable long id, @ModelAttribute ReportRequest request, Actor actor) {
        return withdraw(id, request, actor);
    }

    @PostMapping(path = "/reports/{id}/correct", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "申请更正", description = "对已审核通过的报告创建下一版本草稿，须填写原因；原版本在新版本审核通过前继续有效")
    ResponseEntity<ReportingQueries.ReportSummary> correct(@PathVariable long id, @RequestBody ReportRequest request, Actor actor) {
        long next = reporting.correct(actor, id, request.reason() == null ? "" : request.reason());
        return ResponseEntity.created(URI.create("/api/v1/reports/" + next)).body(queries.report(actor, next).report());
    }

    @PostMapping("/reports/{id}/correct")
    @Operation(summary = "申请更正（表单参数）")
    ResponseEntity<ReportingQueries.ReportSummary> correctForm(@PathVariable long id, @ModelAttribute ReportRequest request,
                                                               Actor actor) {
        return correct(id, request, actor);
    }

    @PostMapping(path = "/reports/{id}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "审核通过", description = "部门负责人审核（本单位设有负责人时）或协作办审核；不能审核本人提交的报告")
    Reviewed approve(@PathVariable long id, @RequestBody ReportRequest request, Actor actor) {
        ReportStatus status = reporting.approve(actor, id, required(request.version()));
        return new Reviewed(id, status, queries.report(actor, id).report());
    }

    @PostMapping("/reports/{id}/approve")
    @Operation(summary = "审核通过（表单参数）")
    Reviewed approveForm(@PathVariable long id, @ModelAttribute ReportRequest request, Actor actor) {
        return approve(id, request, actor);
    }

    @PostMapping(path = "/reports/{id}/return", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "退回", description = "须填写退回原因，填报单位可见")
    Reviewed returnReport(@PathVariable long id, @RequestBody ReportRequest request, Actor actor) {
        reporting.returnReport(actor, id, required(request.version()), request.reason() == null ? "" : request.reason());
        ReportingQueries.ReportSummary report = queries.report(actor, id).report();
        return new Reviewed(id, report.status(), report);
    }

    @PostMapping("/reports/{id}/return")
    @Operation(summary = "退回（表单参数）")
    Reviewed returnReportForm(@PathVariable long id, @ModelAttribute ReportRequest request, Actor actor) {
        return returnReport(id, request, actor);
    }

    @GetMapping("/reviews")
    @Operation(summary = "待审核的报告", description = "部门负责人或协作办当前应审核的报告，可按任务书、填报期、单位筛选")
    ReportingQueries.Page<ReportingQueries.InboxRow> reviews(@RequestParam(required = false) @Nullable Long plan,
                                                             @RequestParam(required = false) @Nullable Long period,
                                                             @RequestParam(required = false) @Nullable Long unit,
                                                             @RequestParam(defaultValue = "0") int page,
                                                             @RequestParam(defaultValue = "20") int size, Actor actor) {
        return queries.inbox(actor, plan, period, unit, page, size);
    }

    /** A refused command as a problem detail; a refused submission lists every blocking finding. */
    @ExceptionHandler(BusinessRuleViolation.class)
    ResponseEntity<ProblemDetail> refused(BusinessRuleViolation refused, HttpServletRequest request) {
        HttpStatus status = RefusalStatus.of(refused);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.getMessage());
        problem.setTitle(status == HttpStatus.BAD_REQUEST ? "请求有误" : "操作未执行");
        problem.setProperty("code", refused.code());
        if (refused instanceof Reporting.SubmissionRefused submission) problem.setProperty("findings", submission.findings());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).body(problem);
    }

    private static int required(@Nullable Integer version) {
        if (version == null) throw RefusalStatus.badInput("请求缺少参数「version」：请提供读取时该记录的版本号");
        return version;
    }
}
