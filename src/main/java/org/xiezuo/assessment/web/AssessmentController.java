package org.xiezuo.assessment.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.assessment.IndicatorStatus;
import org.xiezuo.assessment.OutstandingReports;
import org.xiezuo.assessment.Source;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

import tools.jackson.databind.json.JsonMapper;

/**
 * The assessment dashboards: the plan overview (time progress, status tiles, score and grade, completion
 * by category, the red list, outstanding reports, an as-of date picker), an indicator's page (cumulative
 * actual against the expected line and the forecast, contributions by unit, records or reports, history),
 * a unit's page (tasks, indicators, score and rank, missing reports) and the ranking with a category ×
 * unit heat map. Every page reads stored values ({@link Assessor}) and never rescans ledgers.
 */
@Controller
class AssessmentController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int RED_LIST = 10;

    private final Assessor assessor;
    private final OutstandingReports outstanding;
    private final PlanQueries plans;
    private final ReportingQueries reporting;
    private final AuditTrail audit;
    private final RenderedParts parts;

    AssessmentController(Assessor assessor, OutstandingReports outstanding, PlanQueries plans, ReportingQueries reporting,
                         AuditTrail audit, RenderedParts parts) {
        this.parts = parts;
        this.assessor = assessor;
        this.outstanding = outstanding;
        this.plans = plans;
        this.reporting = reporting;
        this.audit = audit;
    }

    @ModelAttribute("af")
    AssessmentFormats formats() {
        return AssessmentFormats.INSTANCE;
    }

    @ModelAttribute("statuses")
    IndicatorStatus[] statuses() {
        return IndicatorStatus.values();
    }

    /** The menu's 考核 leads to the newest plan's overview. */
    @GetMapping("/assessment")
    String showNewest(Actor actor) {
        if (!Access.permits(actor, Permission.PLAN_READ)) return "redirect:/";
        java.util.Optional<Long> newest = plans.newestId(actor);
        if (newest.isEmpty()) return "redirect:/plans";
        return "redirect:/plans/" + newest.get() + "/assessment";
    }

    @GetMapping("/plans/{planId}/assessment")
    String showOverview(@PathVariable long planId, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate knownOn,
                        Actor actor, Model model, HttpServletRequest request, HttpServletResponse response) {
        PlanBook.Header plan = plans.header(actor, planId);
        LocalDate today = assessor.today();
        AuditTrail.Stamps stamps = audit.stampsOf(planId);
        RenderedParts.Key key = new RenderedParts.Key(OVERVIEW_BODY, planId, asOf != null ? asOf : today, knownOn, today,
                stamps.plan(), stamps.units(), RenderedParts.Key.viewer(actor));
        RenderedParts.Part body = parts.get(key);
        if (body == null) {
            Assessment assessment = assessor.assess(actor, planId, key.asOf(), knownOn);
            common(model, assessment, actor);
            model.addAttribute("redList", assessment.redList(RED_LIST));
            model.addAttribute("outstanding", outstanding.asOf(actor, planId, assessment.asOf()));
            model.addAttribute("categoryChart", json(categoryChart(assessment)));
            body = parts.render(key, model.asMap(), request, response);
        }
        model.addAttribute("plan", plan);
        model.addAttribute("overviewBody", body);
        return "assessment/overview";
    }

    /** The overview's main part, kept rendered per plan, date, stamp and viewer ({@link RenderedParts}). */
    static final String OVERVIEW_BODY = "assessment/overview-body";

    @GetMapping("/plans/{planId}/assessment/indicators/{indicatorId}")
    String showIndicator(@PathVariable long planId, @PathVariable long indicatorId,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate knownOn,
                         Actor actor, Model model) {
        PlanBook.IndicatorRow row = plans.indicator(actor, indicatorId);
        Assessment assessment = assessor.assess(actor, planId, asOf, knownOn);
        IndicatorResult result = assessment.indicator(row.id()).orElseThrow(() -> new NotFound("指标", indicatorId));
        common(model, assessment, actor);
        model.addAttribute("result", result);
        List<LocalDate> ends = assessor.allPeriodEnds(planId);
        model.addAttribute("chart", json(indicatorChart(assessment, result, ends)));
        List<ReportingQueries.Contribution> contributions = result.source() == Source.LEDGER ? List.of()
                : reporting.actualsAsOf(planId, assessment.asOf(), knownBefore(knownOn), false).get(indicatorId).contributions();
        model.addAttribute("contributions", contributions);
        model.addAttribute("history", audit.objectHistory(planId, List.of(), List.of(indicatorId), List.of(), 20, 0));
        return "assessment/indicator";
    }

    @GetMapping("/plans/{planId}/assessment/units/{unitId}")
    String showUnit(@PathVariable long planId, @PathVariable long unitId,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                    Actor actor, Model model) {
        PlanBook.UnitRow unit = plans.unit(actor, planId, unitId);
        Assessment assessment = assessor.assess(actor, planId, asOf, null);
        common(model, assessment, actor);
        model.addAttribute("unit", unit);
        model.addAttribute("unitResult", assessment.unit(unitId).orElse(null));
        model.addAttribute("ranked", assessment.units().stream().filter(u -> u.ranked()).count());
        model.addAttribute("indicators", assessment.indicatorsOf(unitId));
        PlanBook book = plans.book(actor, planId);
        model.addAttribute("tasks", book.tasksOf(unitId));
        boolean reports = Access.permits(actor, Permission.REPORT_READ);
        model.addAttribute("taskStatus", reports ? reporting.latestTaskStatus(planId, unitId, assessment.asOf()) : Map.of());
        model.addAttribute("missing", outstanding.ofUnit(actor, planId, unitId, assessment.asOf()));
        model.addAttribute("own", reports ? ownFigures(planId, unitId, assessment) : Map.of());
        return "assessment/unit";
    }

    @GetMapping("/plans/{planId}/assessment/ranking")
    String showRanking(@PathVariable long planId,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                       Actor actor, Model model) {
        Assessment assessment = assessor.assess(actor, planId, asOf, null);
        common(model, assessment, actor);
        return "assessment/ranking";
    }

    private void common(Model model, Assessment assessment, Actor actor) {
        model.addAttribute("a", assessment);
        model.addAttribute("plan", assessment.plan());
        model.addAttribute("counts", assessment.counts());
        model.addAttribute("today", assessor.today());
        model.addAttribute("configurable", Access.reachesDistrict(actor, Permission.ASSESSMENT_CONFIGURE, assessment.plan().districtId()));
        model.addAttribute("wholeDistrict", Access.reachesDistrict(actor, Permission.DISTRICT_EXPORT, assessment.plan().districtId()));
    }

    /** A unit's own figure and sub-target for each indicator it reports on: value, sub-target, completion. */
    record OwnFigure(BigDecimal value, @Nullable BigDecimal target, @Nullable BigDecimal completion) {}

    private Map<Long, OwnFigure> ownFigures(long planId, long unitId, Assessment assessment) {
        Map<Long, ReportingQueries.Actual> actuals = reporting.actualsAsOf(planId, assessment.asOf(), null, false);
        Map<Long, BigDecimal> targets = new HashMap<>();
        reporting.indicatorSettings(Actor.system(), planId).forEach(s -> {
            BigDecimal t = s.unitTargets().get(unitId);
            if (t != null) targets.put(s.indicator().id(), t);
        });
        Map<Long, OwnFigure> figures = new LinkedHashMap<>();
        actuals.forEach((id, actual) -> actual.contributions().stream().filter(c -> c.unitId() == unitId).findFirst()
                .ifPresent(c -> {
                    BigDecimal target = targets.get(id);
                    figures.put(id, new OwnFigure(c.value(), target, org.xiezuo.assessment.Formulas.completion(c.value(), target)));
                }));
        return figures;
    }

    private static java.time.@Nullable Instant knownBefore(@Nullable LocalDate knownOn) {
        return knownOn == null ? null : knownOn.plusDays(1).atStartOfDay(Assessor.ZONE).toInstant();
    }

    private static Map<String, Object> categoryChart(Assessment assessment) {
        List<String> names = new ArrayList<>();
        List<Object> scores = new ArrayList<>();
        assessment.categories().forEach(c -> {
            names.add(c.name());
            scores.add(c.score() == null ? null : c.score().setScale(2, java.math.RoundingMode.HALF_UP));
        });
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("categories", names);
        chart.put("scores", scores);
        chart.put("timeProgress", assessment.timeProgress().movePointRight(2).setScale(2, java.math.RoundingMode.HALF_UP));
        return chart;
    }

    /**
     * The indicator chart's data: the cumulative actual at each period end up to the date (and on the date),
     * the expected line target × time progress at every period end of the year, and the forecast from the
     * last point to the year's end.
     */
    private static Map<String, Object> indicatorChart(Assessment assessment, IndicatorResult result, List<LocalDate> ends) {
        LocalDate start = assessment.plan().assessmentStart();
        LocalDate end = assessment.plan().assessmentEnd();
        List<List<Object>> actual = new ArrayList<>();
        result.series().forEach(p -> actual.add(List.of(p.date().toString(), p.value())));
        if (result.series().isEmpty() || !result.series().get(result.series().size() - 1).date().equals(assessment.asOf())) {
            if (!assessment.asOf().isAfter(end)) actual.add(List.of(assessment.asOf().toString(), result.actual()));
        }
        List<List<Object>> expected = new ArrayList<>();
        if (result.target() != null) {
            expected.add(List.of(start.toString(), BigDecimal.ZERO));
            for (LocalDate date : ends) {
                expected.add(List.of(date.toString(), result.target().multiply(
                        org.xiezuo.assessment.Formulas.timeProgress(start, end, date)).setScale(2, java.math.RoundingMode.HALF_UP)));
            }
        }
        List<List<Object>> forecast = new ArrayList<>();
        if (result.forecast() != null) {
            LocalDate from = assessment.asOf().isAfter(end) ? end : assessment.asOf();
            forecast.add(List.of(from.toString(), result.actual()));
            forecast.add(List.of(end.toString(), result.forecast().setScale(2, java.math.RoundingMode.HALF_UP)));
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("unit", result.indicator().measureUnit() == null ? "" : result.indicator().measureUnit());
        chart.put("actual", actual);
        chart.put("expected", expected);
        chart.put("forecast", forecast);
        chart.put("target", result.target());
        chart.put("start", start.toString());
        chart.put("end", end.toString());
        return chart;
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
