package org.xiezuo.reporting.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.reporting.Aggregation;
import org.xiezuo.reporting.Cadence;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.reporting.RuleKind;
import org.xiezuo.reporting.Severity;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;

/**
 * The coordinator's set-up of a plan's reporting: the cycle (before anyone reports), deadlines, closing
 * and reopening periods, the validation rules, and per indicator how units report it and their
 * sub-targets. A refused change shows the page again with the reason and the status (400 or 409).
 */
@Controller
class ReportingSettingsController {

    private static final String SETTINGS = "reporting/settings";

    private final Reporting reporting;
    private final ReportingQueries queries;

    ReportingSettingsController(Reporting reporting, ReportingQueries queries) {
        this.reporting = reporting;
        this.queries = queries;
    }

    record CycleForm(@Nullable Cadence cadence, @Nullable Integer deadlineDays) {}

    /** An unticked checkbox sends nothing: {@code enabled} is then null, meaning off. */
    record RuleForm(@Nullable RuleKind kind, @Nullable Severity severity, @Nullable String parameter, @Nullable Boolean enabled) {}

    /** {@code targets[unitId]} is the unit's sub-target as typed; blank removes it. An unticked ledger box is null. */
    record IndicatorForm(@Nullable Aggregation aggregation, @Nullable Boolean ledgerBound, @Nullable Map<Long, String> targets) {}

    record DeadlineForm(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate deadline, int version) {}

    @GetMapping("/plans/{id}/reporting/settings")
    String showSettings(@PathVariable long id, Actor actor, Model model) {
        return settings(model, actor, id);
    }

    @PostMapping("/plans/{id}/reporting/cycle")
    String submitCycle(@PathVariable long id, @ModelAttribute("cycle") CycleForm form, Actor actor, Model model,
                       HttpServletResponse response, RedirectAttributes flash) {
        try {
            if (form.cadence() == null || form.deadlineDays() == null) throw RefusalStatus.badInput("请选择填报周期并填写截止天数");
            reporting.setUpCycle(actor, id, form.cadence(), form.deadlineDays());
        } catch (BusinessRuleViolation refused) {
            return refused(model, actor, id, refused, response);
        }
        flash.addFlashAttribute("message", "填报周期已设置为" + form.cadence().label() + "，填报期已重新生成");
        return "redirect:/plans/" + id + "/reporting/settings";
    }

    @PostMapping("/plans/{id}/reporting/rules")
    String submitRule(@PathVariable long id, @ModelAttribute("rule") RuleForm form, Actor actor, Model model,
                      HttpServletResponse response, RedirectAttributes flash) {
        try {
            if (form.kind() == null || form.severity() == null) throw RefusalStatus.badInput("请选择规则和严重程度");
            BigDecimal parameter = form.kind().hasParameter() ? number(form.parameter(), "规则参数") : null;
            reporting.configureRule(actor, id, form.kind(), form.severity(), parameter, Boolean.TRUE.equals(form.enabled()));
        } catch (BusinessRuleViolation refused) {
            return refused(model, actor, id, refused, response);
        }
        flash.addFlashAttribute("message", "校验规则「" + form.kind().description() + "」已保存");
        return "redirect:/plans/" + id + "/reporting/settings#rules";
    }

    @PostMapping("/plans/{planId}/reporting/indicators/{indicatorId}")
    String submitIndicator(@PathVariable long planId, @PathVariable long indicatorId, @ModelAttribute("indicator") IndicatorForm form,
                           Actor actor, Model model, HttpServletResponse response, RedirectAttributes flash) {
        ReportingQueries.IndicatorReporting current = queries.indicatorSettings(actor, planId).stream()
                .filter(i -> i.indicator().id() == indicatorId).findFirst()
                .orElseThrow(() -> new org.xiezuo.shared.NotFound("指标", indicatorId));
        try {
            Aggregation aggregation = form.aggregation() == null ? current.aggregation() : form.aggregation();
            boolean ledgerBound = Boolean.TRUE.equals(form.ledgerBound());
            if (aggregation != current.aggregation() || ledgerBound != current.ledgerBound()) {
                reporting.configureIndicator(actor, planId, indicatorId, aggregation, ledgerBound);
            }
            Map<Long, String> typed = form.targets() == null ? Map.of() : form.targets();
            for (Map.Entry<Long, String> target : new HashMap<>(typed).entrySet()) {
                BigDecimal value = target.getValue() == null || target.getValue().isBlank() ? null : number(target.getValue(), "分解目标");
                BigDecimal before = current.unitTargets().get(target.getKey());
                if (value == null ? before != null : before == null || value.compareTo(before) != 0) {
                    reporting.setUnitTarget(actor, planId, indicatorId, target.getKey(), value);
                }
            }
        } catch (BusinessRuleViolation refused) {
            return refused(model, actor, planId, refused, response);
        }
        flash.addFlashAttribute("message", "「" + current.title() + "」的填报设置已保存");
        return "redirect:/plans/" + planId + "/reporting/settings#indicator-" + indicatorId;
    }

    @PostMapping("/periods/{id}/deadline")
    String submitDeadline(@PathVariable long id, @RequestParam long plan, @ModelAttribute("deadline") DeadlineForm form,
                          Actor actor, Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            if (form.deadline() == null) throw RefusalStatus.badInput("请填写截止日期");
            reporting.moveDeadline(actor, id, form.version(), form.deadline());
        } catch (BusinessRuleViolation refused) {
            return refused(model, actor, plan, refused, response);
        }
        flash.addFlashAttribute("message", "截止日期已调整为" + Formats.INSTANCE.date(form.deadline()));
        return "redirect:/plans/" + plan + "/reporting/settings#period-" + id;
    }

    @PostMapping("/periods/{id}/close")
    String submitClose(@PathVariable long id, @RequestParam long plan, Actor actor, Model model,
                       HttpServletResponse response, RedirectAttributes flash) {
        try {
            reporting.closePeriod(actor, id);
        } catch (BusinessRuleViolation refused) {
            return refused(model, actor, plan, refused, response);
        }
        flash.addFlashAttribute("message", "该填报期已关闭，不再接受新的填报；已审核的数据可申请更正");
        return "redirect:/plans/" + plan + "/reporting/settings#period-" + id;
    }

    @PostMapping("/periods/{id}/reopen")
    String submitReopen(@PathVariable long id, @RequestParam long plan, Actor actor, Model model,
                        HttpServletResponse response, RedirectAttributes flash) {
        try {
            reporting.reopenPeriod(actor, id);
        } catch (BusinessRuleViolation refused) {
            return refused(model, actor, plan, refused, response);
        }
        flash.addFlashAttribute("message", "该填报期已重新开放");
        return "redirect:/plans/" + plan + "/reporting/settings#period-" + id;
    }

    private static BigDecimal number(@Nullable String text, String what) {
        return ExactDecimal.parse(text).orElseThrow(() -> RefusalStatus.badInput(what + "应填写数字，填写的是「"
                + (text == null ? "" : text.strip()) + "」"));
    }

    private String refused(Model model, Actor actor, long planId, BusinessRuleViolation refused, HttpServletResponse response) {
        response.setStatus(RefusalStatus.of(refused).value());
        model.addAttribute("error", refused.getMessage());
        return settings(model, actor, planId);
    }

    private String settings(Model model, Actor actor, long planId) {
        ReportingQueries.Overview overview = queries.overview(actor, planId);
        model.addAttribute("overview", overview);
        model.addAttribute("reported", !overview.latest().isEmpty());
        model.addAttribute("rules", queries.rules(actor, planId));
        model.addAttribute("indicators", queries.indicatorSettings(actor, planId));
        model.addAttribute("cadences", Cadence.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("aggregations", Aggregation.values());
        return SETTINGS;
    }
}
