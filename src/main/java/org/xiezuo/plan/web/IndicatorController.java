package org.xiezuo.plan.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

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
import org.xiezuo.plan.Assessment;
import org.xiezuo.plan.IndicatorDraft;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanEditing;
import org.xiezuo.plan.StockRule;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.NotFound;
import org.xiezuo.unit.Organisation;

/** Adding, editing, re-targeting and removing indicators of a plan. */
@Controller
class IndicatorController {

    private static final String FORM = "plan/indicator-form";
    private static final String TARGET_FORM = "plan/target-form";

    private final PlanQueries queries;
    private final PlanEditing planning;
    private final Organisation organisation;
    private final Clock clock;

    IndicatorController(PlanQueries queries, PlanEditing planning, Organisation organisation, Clock clock) {
        this.queries = queries;
        this.planning = planning;
        this.organisation = organisation;
        this.clock = clock;
    }

    record IndicatorForm(String code, String category, String name, String measureUnit, String target,
                         Assessment assessment, StockRule stockRule, @Nullable Long parentId, String units, int version) {

        IndicatorDraft toDraft(List<Long> unitIds) {
            return new IndicatorDraft(code, category, name, measureUnit, number(target, assessment), target == null ? "" : target,
                    assessment, stockRule == null ? StockRule.INCREMENT_ONLY : stockRule, parentId, unitIds);
        }
    }

    record TargetForm(String target, Assessment assessment,
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate effectiveOn, String reason, int version) {}

    /** The exact value of a typed target; required when the indicator is assessed. */
    static @Nullable BigDecimal number(@Nullable String text, Assessment assessment) {
        if (assessment != Assessment.ASSESSED) return null;
        return ExactDecimal.parse(text).orElseThrow(() -> new BusinessRuleViolation("form.target.number",
                "考核指标的目标须为数字（可带千分位逗号），例如 1400 或 0.3"));
    }

    @GetMapping("/plans/{planId}/indicators/new")
    String showNewIndicator(@PathVariable long planId, @RequestParam(required = false) String category, Actor actor,
                            Model model) {
        PlanBook book = queries.book(actor, planId);
        return form(model, book, null, new IndicatorForm("", category == null ? "" : category, "", "", "",
                Assessment.ASSESSED, StockRule.INCREMENT_ONLY, null, "", 0));
    }

    @PostMapping("/plans/{planId}/indicators")
    String submitNewIndicator(@PathVariable long planId, @ModelAttribute("form") IndicatorForm form, Actor actor,
                              Model model, RedirectAttributes flash) {
        PlanBook book = queries.book(actor, planId);
        try {
            List<Long> unitIds = UnitListField.resolve(organisation, book.plan().districtId(), form.units(),
                    book.plan().eastRegion());
            planning.addIndicator(actor, planId, form.toDraft(unitIds));
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            return form(model, book, null, form);
        }
        flash.addFlashAttribute("message", "指标已新增");
        return "redirect:/plans/" + planId + "?tab=indicators";
    }

    @GetMapping("/indicators/{id}/edit")
    String showEditIndicator(@PathVariable long id, @RequestParam long plan, Actor actor, Model model) {
        PlanBook book = queries.book(actor, plan);
        PlanBook.IndicatorRow row = indicator(book, id);
        return form(model, book, row, new IndicatorForm(row.code(), row.category(), row.name(), row.measureUnit(),
                row.targetLabel(), row.assessment(), row.stockRule(), row.parentId(),
                UnitListField.format(row.units().stream().map(PlanBook.UnitRef::name).toList()), row.version()));
    }

    @PostMapping("/indicators/{id}")
    String submitEditIndicator(@PathVariable long id, @RequestParam long plan, @ModelAttribute("form") IndicatorForm form,
                               Actor actor, Model model, RedirectAttributes flash) {
        PlanBook book = queries.book(actor, plan);
        PlanBook.IndicatorRow row = indicator(book, id);
        try {
            List<Long> unitIds = UnitListField.resolve(organisation, book.plan().districtId(), form.units(),
                    book.plan().eastRegion());
            IndicatorDraft draft = new IndicatorDraft(form.code(), form.category(), form.name(), form.measureUnit(),
                    row.target(), row.targetText(), row.assessment(), form.stockRule(), form.parentId(), unitIds);
            planning.reviseIndicator(actor, id, form.version(), draft);
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            return form(model, book, row, form);
        }
        flash.addFlashAttribute("message", "指标已保存");
        return "redirect:/plans/" + plan + "?tab=indicators#indicator-" + id;
    }

    @GetMapping("/indicators/{id}/target")
    String showTargetForm(@PathVariable long id, @RequestParam long plan, Actor actor, Model model) {
        PlanBook book = queries.book(actor, plan);
        PlanBook.IndicatorRow row = indicator(book, id);
        return targetForm(model, book, row, new TargetForm(row.target() == null ? "" : ExactDecimal.format(row.target()),
                row.assessment(), LocalDate.now(clock), "", row.version()));
    }

    @PostMapping("/indicators/{id}/target")
    String submitTargetForm(@PathVariable long id, @RequestParam long plan, @ModelAttribute("form") TargetForm form,
                            Actor actor, Model model, RedirectAttributes flash) {
        PlanBook book = queries.book(actor, plan);
        PlanBook.IndicatorRow row = indicator(book, id);
        try {
            if (form.effectiveOn() == null) throw new BusinessRuleViolation("form.target.date", "请填写生效日期");
            planning.reviseTarget(actor, id, form.version(), number(form.target(), form.assessment()),
                    form.target() == null ? "" : form.target(), form.assessment(), form.effectiveOn(), form.reason());
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            return targetForm(model, book, row, form);
        }
        flash.addFlashAttribute("message", "目标已调整，原目标已记入修改记录");
        return "redirect:/plans/" + plan + "?tab=indicators#indicator-" + id;
    }

    @PostMapping("/indicators/{id}/delete")
    String submitDeleteIndicator(@PathVariable long id, @RequestParam long plan, Actor actor, RedirectAttributes flash) {
        indicator(queries.book(actor, plan), id);
        planning.removeIndicator(actor, id);
        flash.addFlashAttribute("message", "指标已删除");
        return "redirect:/plans/" + plan + "?tab=indicators";
    }

    private static PlanBook.IndicatorRow indicator(PlanBook book, long id) {
        return book.indicators().stream().filter(i -> i.id() == id).findFirst().orElseThrow(() -> new NotFound("指标", id));
    }

    private static String form(Model model, PlanBook book, PlanBook.@Nullable IndicatorRow row, IndicatorForm form) {
        model.addAttribute("book", book);
        model.addAttribute("indicator", row);
        model.addAttribute("form", form);
        model.addAttribute("assessments", Assessment.values());
        model.addAttribute("stockRules", StockRule.values());
        model.addAttribute("categories", book.indicators().stream().map(PlanBook.IndicatorRow::category).distinct().toList());
        return FORM;
    }

    private static String targetForm(Model model, PlanBook book, PlanBook.IndicatorRow row, TargetForm form) {
        model.addAttribute("book", book);
        model.addAttribute("indicator", row);
        model.addAttribute("form", form);
        model.addAttribute("assessments", Assessment.values());
        return TARGET_FORM;
    }
}
