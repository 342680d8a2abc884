package org.xiezuo.assessment.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.AssessmentJson;
import org.xiezuo.assessment.AssessmentRulebook;
import org.xiezuo.assessment.AssessmentRules;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.assessment.OutstandingReports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;

/**
 * The assessment over {@code /api/v1} (personal access tokens): the plan's assessment as of a date (the
 * same JSON as {@code assess}), one indicator with its series, the outstanding reports, and the rules.
 */
@RestController
@RequestMapping("/api/v1/plans/{planId}")
class AssessmentApi {

    private final Assessor assessor;
    private final OutstandingReports outstanding;
    private final AssessmentRulebook rulebook;
    private final PlanQueries plans;

    AssessmentApi(Assessor assessor, OutstandingReports outstanding, AssessmentRulebook rulebook, PlanQueries plans) {
        this.assessor = assessor;
        this.outstanding = outstanding;
        this.rulebook = rulebook;
        this.plans = plans;
    }

    @GetMapping("/assessment")
    Map<String, Object> assessment(@PathVariable long planId,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate knownOn,
                                   Actor actor) {
        return AssessmentJson.map(assessor.assess(actor, planId, asOf, knownOn));
    }

    @GetMapping("/assessment/indicators/{indicatorId}")
    Map<String, Object> indicator(@PathVariable long planId, @PathVariable long indicatorId,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                  Actor actor) {
        plans.indicator(actor, indicatorId);
        Assessment assessment = assessor.assess(actor, planId, asOf, null);
        IndicatorResult result = assessment.indicator(indicatorId).orElseThrow(() -> new NotFound("指标", indicatorId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("asOf", assessment.asOf().toString());
        body.put("timeProgress", AssessmentJson.plain(assessment.timeProgress()));
        body.put("indicator", AssessmentJson.indicator(result));
        body.put("series", result.series().stream().map(p -> Map.of("date", p.date().toString(), "value", AssessmentJson.plain(p.value()))).toList());
        return body;
    }

    @GetMapping("/outstanding-reports")
    List<Map<String, Object>> outstandingReports(@PathVariable long planId,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                                 Actor actor) {
        plans.book(actor, planId);
        LocalDate date = asOf != null ? asOf : assessor.today();
        return outstanding.asOf(actor, planId, date).stream().map(o -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("period", o.period().label());
            row.put("deadline", o.period().deadline().toString());
            row.put("unitId", o.unit().id());
            row.put("unit", o.unit().name());
            row.put("reason", o.reason().label());
            return row;
        }).toList();
    }

    @GetMapping("/assessment/rules")
    Map<String, Object> rules(@PathVariable long planId, Actor actor) {
        plans.book(actor, planId);
        return rulesBody(rulebook.inForce(planId, null));
    }

    /** {@code {"laggingRatio": 0.8, "bands": "好=90\n…", "categoryWeights": {"名称": 2}, "indicatorWeights": {"id": 1.5}, "reason": "…"}} */
    @PutMapping("/assessment/rules")
    Map<String, Object> saveRules(@PathVariable long planId, @RequestBody RulesBody body, Actor actor) {
        Map<Long, BigDecimal> indicatorWeights = new LinkedHashMap<>();
        if (body.indicatorWeights() != null) body.indicatorWeights().forEach((id, w) -> {
            try {
                indicatorWeights.put(Long.parseLong(id), w);
            } catch (NumberFormatException e) {
                throw new org.xiezuo.shared.BusinessRuleViolation("assessment.indicator", "指标编号「" + id + "」不是数字");
            }
        });
        AssessmentRules saved = rulebook.save(actor, planId, body.laggingRatio() == null ? new BigDecimal("0.8") : body.laggingRatio(),
                body.bands() == null ? AssessmentRules.DEFAULTS.bandsText() : body.bands(),
                body.categoryWeights() == null ? Map.of() : body.categoryWeights(), indicatorWeights, body.reason());
        return rulesBody(saved);
    }

    record RulesBody(@Nullable BigDecimal laggingRatio, @Nullable String bands, @Nullable Map<String, BigDecimal> categoryWeights,
                     @Nullable Map<String, BigDecimal> indicatorWeights, @Nullable String reason) {}

    private static Map<String, Object> rulesBody(AssessmentRules rules) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", rules.version());
        body.put("laggingRatio", rules.laggingRatio());
        body.put("bands", rules.bands().stream().map(b -> Map.of("name", b.name(), "minScore", b.minScore())).toList());
        body.put("categoryWeights", rules.categoryWeights());
        Map<String, BigDecimal> byId = new LinkedHashMap<>();
        rules.indicatorWeights().forEach((id, w) -> byId.put(String.valueOf(id), w));
        body.put("indicatorWeights", byId);
        return body;
    }
}
