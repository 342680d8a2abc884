package org.xiezuo.reporting.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * The reporting overview of a plan: its periods against the units the actor sees, each cell the state
 * of the latest report, and the plan-level actual of each indicator from approved figures. The menu's
 * 进度填报 leads to the overview of the newest plan the actor sees.
 */
@Controller
class ReportingOverviewController {

    private static final String OVERVIEW = "reporting/overview";

    private final ReportingQueries queries;
    private final PlanQueries plans;

    ReportingOverviewController(ReportingQueries queries, PlanQueries plans) {
        this.queries = queries;
        this.plans = plans;
    }

    @GetMapping("/reporting")
    String showNewestOverview(Actor actor) {
        if (!Access.permits(actor, Permission.PLAN_READ)) return "redirect:/";
        List<PlanQueries.PlanSummary> newest = plans.list(actor, 0, 1).items();
        if (newest.isEmpty()) return "redirect:/plans";
        return "redirect:/plans/" + newest.get(0).id() + "/reporting";
    }

    @GetMapping("/plans/{id}/reporting")
    String showOverview(@PathVariable long id, Actor actor, Model model) {
        ReportingQueries.Overview overview = queries.overview(actor, id);
        model.addAttribute("overview", overview);
        model.addAttribute("currentPeriod", queries.currentPeriod(actor, id).map(ReportingQueries.PeriodRow::id).orElse(null));
        model.addAttribute("actuals", ActualRow.of(plans.book(actor, id), queries.actuals(actor, id), overview.units()));
        model.addAttribute("configurable", Access.reachesDistrict(actor, Permission.REPORTING_CONFIGURE,
                overview.plan().districtId()));
        model.addAttribute("reviewer", Access.permits(actor, Permission.REPORT_APPROVE)
                || Access.permits(actor, Permission.REPORT_REVIEW_UNIT));
        return OVERVIEW;
    }
}
