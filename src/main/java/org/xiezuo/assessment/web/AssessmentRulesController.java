package org.xiezuo.assessment.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.assessment.AssessmentRulebook;
import org.xiezuo.assessment.AssessmentRules;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;

/**
 * The plan's assessment rules: everyone who reads the plan sees the rules in force and their versions;
 * the office changes them (a new version with a reason). Weights are typed per category and per indicator;
 * a blank weight means the default (the category's, else 1).
 */
@Controller
class AssessmentRulesController {

    private final AssessmentRulebook rulebook;
    private final PlanQueries plans;

    AssessmentRulesController(AssessmentRulebook rulebook, PlanQueries plans) {
        this.rulebook = rulebook;
        this.plans = plans;
    }

    @GetMapping("/plans/{planId}/assessment/rules")
    String showRules(@PathVariable long planId, Actor actor, Model model) {
        PlanBook book = plans.book(actor, planId);
        model.addAttribute("plan", book.plan());
        model.addAttribute("book", book);
        model.addAttribute("rules", rulebook.inForce(planId, null));
        model.addAttribute("versions", rulebook.history(actor, planId));
        model.addAttribute("categories", categories(book));
        model.addAttribute("af", AssessmentFormats.INSTANCE);
        model.addAttribute("configurable", Access.reachesDistrict(actor, Permission.ASSESSMENT_CONFIGURE, book.plan().districtId()));
        return "assessment/rules";
    }

    @PostMapping("/plans/{planId}/assessment/rules")
    String saveRules(@PathVariable long planId, @RequestParam String laggingRatio, @RequestParam String bands,
                     @RequestParam(defaultValue = "0") String supervisionDeduction,
                     @RequestParam(required = false) @Nullable String reason, @RequestParam Map<String, String> form,
                     Actor actor, RedirectAttributes flash) {
        try {
            PlanBook book = plans.book(actor, planId);
            Map<String, BigDecimal> categoryWeights = new LinkedHashMap<>();
            int i = 0;
            for (String category : categories(book)) {
                String text = form.getOrDefault("categoryWeight" + i++, "").strip();
                if (!text.isEmpty()) categoryWeights.put(category, number(text, "类别「" + category + "」的权重"));
            }
            Map<Long, BigDecimal> indicatorWeights = new LinkedHashMap<>();
            for (PlanBook.IndicatorRow indicator : book.indicators()) {
                String text = form.getOrDefault("indicatorWeight" + indicator.id(), "").strip();
                if (!text.isEmpty()) indicatorWeights.put(indicator.id(), number(text, "指标「" + indicator.name() + "」的权重"));
            }
            AssessmentRules saved = rulebook.save(actor, planId, number(laggingRatio.strip(), "滞后阈值"), bands, categoryWeights,
                    indicatorWeights, number(supervisionDeduction.isBlank() ? "0" : supervisionDeduction.strip(), "督办扣分"), reason);
            flash.addFlashAttribute("message", "已保存考核规则第 " + saved.version() + " 版");
        } catch (BusinessRuleViolation e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/plans/" + planId + "/assessment/rules";
    }

    static Set<String> categories(PlanBook book) {
        Set<String> names = new LinkedHashSet<>();
        book.indicators().forEach(i -> names.add(i.category()));
        return names;
    }

    private static BigDecimal number(String text, String what) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new BusinessRuleViolation("assessment.number", what + "「" + text + "」不是数字");
        }
    }
}
