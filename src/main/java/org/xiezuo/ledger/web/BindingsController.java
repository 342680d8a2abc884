package org.xiezuo.ledger.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.ledger.Binding;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.Measure;
import org.xiezuo.ledger.TimeRule;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * Which indicators of a plan are derived from a ledger and how: each indicator with its binding or
 * 部门填报, and for the office a form per indicator (kind, measure, time rule, category, 脱贫 only, in a
 * park or not, months) and 取消关联. A refused change shows the page again with the reason next to the
 * indicator and what was chosen.
 */
@Controller
class BindingsController {

    private static final String BINDINGS = "ledger/bindings";

    private final Bindings bindings;
    private final PlanQueries plans;

    BindingsController(Bindings bindings, PlanQueries plans) {
        this.bindings = bindings;
        this.plans = plans;
    }

    /** A binding as posted; an unticked box is null, an empty choice means “any”. */
    record BindingForm(@Nullable String kind, @Nullable String measure, @Nullable String timeRule, @Nullable String category,
                       @Nullable Boolean poorOnly, @Nullable String inPark, @Nullable String minMonths,
                       @Nullable String maxMonths) {

        static BindingForm of(Binding b) {
            return new BindingForm(b.kind().name(), b.measure().name(), b.timeRule().name(), b.category(), b.poorOnly(),
                    b.inPark() == null ? "" : b.inPark() ? "IN" : "OUT", b.minMonths() == null ? "" : String.valueOf(b.minMonths()),
                    b.maxMonths() == null ? "" : String.valueOf(b.maxMonths()));
        }

        static BindingForm empty() {
            return new BindingForm(null, null, null, null, false, "", "", "");
        }

        Bindings.Spec spec() {
            LedgerKind k = choice(LedgerKind.class, kind, "台账类型");
            Measure m = choice(Measure.class, measure, "统计方式");
            TimeRule t = choice(TimeRule.class, timeRule, "时间口径");
            Boolean park = "IN".equals(inPark) ? Boolean.TRUE : "OUT".equals(inPark) ? Boolean.FALSE : null;
            return new Bindings.Spec(k, m, t, category == null || category.isBlank() ? null : category.strip(),
                    Boolean.TRUE.equals(poorOnly), park, months(minMonths, "月数下限"), months(maxMonths, "月数上限"));
        }

        private static <E extends Enum<E>> E choice(Class<E> type, @Nullable String value, String what) {
            try {
                if (value != null && !value.isBlank()) return Enum.valueOf(type, value.strip());
            } catch (IllegalArgumentException ignored) {
                // answered below
            }
            throw LedgerRefusals.badInput("请选择" + what);
        }

        private static @Nullable Integer months(@Nullable String text, String what) {
            if (text == null || text.isBlank()) return null;
            try {
                int value = Integer.parseInt(text.strip());
                if (value >= 0 && value <= 600) return value;
            } catch (NumberFormatException ignored) {
                // answered below
            }
            throw LedgerRefusals.badInput(what + "应为0到600之间的整数，填写的是「" + text.strip() + "」");
        }
    }

    /** One indicator as the page lists it. */
    record Row(PlanBook.IndicatorRow indicator, @Nullable Binding binding, BindingForm form) {
        public String title() {
            return titleOf(indicator);
        }

        static String titleOf(PlanBook.IndicatorRow indicator) {
            return indicator.code() != null ? indicator.code() + "." + indicator.name() : indicator.name();
        }
    }

    @GetMapping("/plans/{planId}/ledger-bindings")
    String showBindings(@PathVariable long planId, Actor actor, Model model) {
        return page(model, actor, planId, null, null);
    }

    @PostMapping("/plans/{planId}/ledger-bindings/{indicatorId}")
    String submitBinding(@PathVariable long planId, @PathVariable long indicatorId, @ModelAttribute("binding") BindingForm form,
                         Actor actor, Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            bindings.bind(actor, planId, indicatorId, form.spec());
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            model.addAttribute("error", "未保存：" + refused.getMessage());
            return page(model, actor, planId, indicatorId, form);
        }
        flash.addFlashAttribute("message", "台账关联已保存：" + bindings.of(indicatorId).map(Binding::describe).orElse(""));
        return "redirect:/plans/" + planId + "/ledger-bindings#indicator-" + indicatorId;
    }

    @PostMapping("/plans/{planId}/ledger-bindings/{indicatorId}/unbind")
    String submitUnbinding(@PathVariable long planId, @PathVariable long indicatorId, Actor actor, Model model,
                           HttpServletResponse response, RedirectAttributes flash) {
        try {
            bindings.unbind(actor, planId, indicatorId);
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            model.addAttribute("error", "未取消：" + refused.getMessage());
            return page(model, actor, planId, indicatorId, null);
        }
        flash.addFlashAttribute("message", "已取消台账关联，该指标改由部门填报");
        return "redirect:/plans/" + planId + "/ledger-bindings#indicator-" + indicatorId;
    }

    /** Each indicator with its binding and the form to show: what was typed for the one refused, else the binding. */
    private static List<Row> rows(PlanBook book, Map<Long, Binding> bound, @Nullable Long failed, @Nullable BindingForm typed) {
        List<Row> rows = new java.util.ArrayList<>();
        for (PlanBook.IndicatorRow i : book.indicators()) {
            Binding b = bound.get(i.id());
            BindingForm form = failed != null && failed == i.id() && typed != null ? typed
                    : Optional.ofNullable(b).map(BindingForm::of).orElse(BindingForm.empty());
            rows.add(new Row(i, b, form));
        }
        return rows;
    }

    private String page(Model model, Actor actor, long planId, @Nullable Long failed, @Nullable BindingForm typed) {
        Map<Long, Binding> bound = new LinkedHashMap<>();
        bindings.ofPlan(actor, planId).forEach(b -> bound.put(b.indicatorId(), b));
        PlanBook book = plans.book(actor, planId);
        List<Row> rows = rows(book, bound, failed, typed);
        Map<LedgerKind, List<String>> categories = new LinkedHashMap<>();
        for (LedgerKind kind : LedgerKind.values()) if (!kind.categories().isEmpty()) categories.put(kind, kind.categories());
        model.addAttribute("plan", book.plan());
        model.addAttribute("rows", rows);
        model.addAttribute("failedIndicator", failed);
        model.addAttribute("kinds", LedgerKind.values());
        model.addAttribute("measures", Measure.values());
        model.addAttribute("timeRules", TimeRule.values());
        model.addAttribute("categories", categories);
        return BINDINGS;
    }
}
