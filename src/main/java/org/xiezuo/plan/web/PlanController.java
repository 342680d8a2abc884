package org.xiezuo.plan.web;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.plan.OfficialTableLayout;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanHeader;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.Planning;
import org.xiezuo.plan.Programmes;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Organisation;

/** The plan list, the plan page with its tabs, and the header form. */
@Controller
class PlanController {

    private static final String LIST = "plan/list";
    private static final String SHOW = "plan/show";
    private static final String HEADER_FORM = "plan/header-form";
    private static final String UNIT = "plan/unit";
    private static final int HISTORY_PAGE = 50;

    private final PlanQueries queries;
    private final Planning planning;
    private final Programmes programmes;
    private final Organisation organisation;

    PlanController(PlanQueries queries, Planning planning, Programmes programmes,
                   Organisation organisation) {
        this.queries = queries;
        this.planning = planning;
        this.programmes = programmes;
        this.organisation = organisation;
    }

    record HeaderForm(String programme, String title, String noticeTitle, Integer year, String eastRegion,
                      String westRegion, String eastProvince, String westProvince, String documentNumber, String issuer,
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate issuedOn,
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate assessmentStart,
                      @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate assessmentEnd, int version) {

        static HeaderForm of(PlanBook.Header h) {
            return new HeaderForm(h.programme(), h.title(), h.noticeTitle(), h.year(), h.eastRegion(), h.westRegion(),
                    h.eastProvince(), h.westProvince(), h.documentNumber(), h.issuer(), h.issuedOn(), h.assessmentStart(),
                    h.assessmentEnd(), h.version());
        }

        PlanHeader toHeader() {
            return new PlanHeader(programme, title, noticeTitle, year == null ? 0 : year, eastRegion, westRegion,
                    eastProvince, westProvince, documentNumber, issuer, issuedOn, assessmentStart, assessmentEnd);
        }
    }

    @GetMapping("/plans")
    String showPlans(@RequestParam(defaultValue = "0") int page, Actor actor, Model model) {
        model.addAttribute("page", queries.list(actor, page, 20));
        return LIST;
    }

    @GetMapping("/plans/{id}")
    String showPlan(@PathVariable long id, @RequestParam(defaultValue = "departments") String tab,
                    @RequestParam(defaultValue = "0") int page, Actor actor, Model model) {
        PlanBook book = queries.book(actor, id);
        String active = switch (tab) {
            case "indicators", "units", "history" -> tab;
            default -> "departments";
        };
        model.addAttribute("book", book);
        model.addAttribute("tab", active);
        model.addAttribute("table", OfficialTableLayout.of(OfficialTableLayout.cellsOf(book.indicators())));
        if (active.equals("units")) {
            model.addAttribute("districtUnits", organisation.unitsOf(book.plan().districtId()));
        }
        if (active.equals("history")) {
            model.addAttribute("history", queries.history(actor, id, page, HISTORY_PAGE));
        }
        return SHOW;
    }

    /** One unit's work in a plan: its tasks and the indicators it leads or shares. */
    @GetMapping("/plans/{id}/units/{unitId}")
    String showUnit(@PathVariable long id, @PathVariable long unitId, Actor actor, Model model) {
        PlanBook.UnitRow unit = queries.unit(actor, id, unitId);
        model.addAttribute("book", queries.book(actor, id));
        model.addAttribute("unit", unit);
        return UNIT;
    }

    @GetMapping("/plans/{id}/edit")
    String showHeaderForm(@PathVariable long id, Actor actor, Model model) {
        PlanBook book = queries.book(actor, id);
        model.addAttribute("book", book);
        model.addAttribute("form", HeaderForm.of(book.plan()));
        model.addAttribute("programmes", programmes.all());
        return HEADER_FORM;
    }

    @PostMapping("/plans/{id}/edit")
    String submitHeaderForm(@PathVariable long id, @ModelAttribute("form") HeaderForm form, Actor actor, Model model,
                            RedirectAttributes flash) {
        try {
            planning.reviseHeader(actor, id, form.version(), form.toHeader());
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("book", queries.book(actor, id));
            model.addAttribute("programmes", programmes.all());
            model.addAttribute("error", rule.getMessage());
            return HEADER_FORM;
        }
        flash.addFlashAttribute("message", "基本信息已保存");
        return "redirect:/plans/" + id;
    }

    @PostMapping("/plans/{id}/archive")
    String submitArchive(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        planning.archive(actor, id);
        flash.addFlashAttribute("message", "任务书已归档");
        return "redirect:/plans/" + id;
    }

    @PostMapping("/plans/{id}/reactivate")
    String submitReactivate(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        planning.reactivate(actor, id);
        flash.addFlashAttribute("message", "任务书已恢复为执行中");
        return "redirect:/plans/" + id;
    }
}
