package org.xiezuo.ledger.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Permission;
import org.xiezuo.shared.Actor;

/**
 * The records behind a ledger-bound indicator's figure as of a date: the value with its unit, how it is
 * derived (the binding), a date picker, and the records counted, masked and 50 a page. An indicator not
 * bound to a ledger has no records: 404.
 */
@Controller
class DrillDownController {

    private static final String RECORDS = "ledger/records";

    private final LedgerQueries queries;
    private final PlanQueries plans;

    DrillDownController(LedgerQueries queries, PlanQueries plans) {
        this.queries = queries;
        this.plans = plans;
    }

    @GetMapping("/plans/{planId}/indicators/{indicatorId}/records")
    String showRecords(@PathVariable long planId, @PathVariable long indicatorId,
                       @RequestParam(required = false) @Nullable String asOf, @RequestParam(defaultValue = "0") int page,
                       Actor actor, Model model) {
        LocalDate date = null;
        if (asOf != null && !asOf.isBlank()) {
            try {
                date = LocalDate.parse(asOf.strip());
            } catch (DateTimeParseException e) {
                model.addAttribute("error", "统计日期应为日期（如 2021-12-31），已按今天统计");
            }
        }
        LedgerQueries.DrillDown drill = queries.drillDown(actor, planId, indicatorId, date, page, LedgerListController.PAGE_SIZE);
        PlanBook.Header plan = plans.book(actor, planId).plan();
        model.addAttribute("plan", plan);
        model.addAttribute("wholeDistrict", Access.reachesDistrict(actor, Permission.LEDGER_READ, plan.districtId()));
        model.addAttribute("drill", drill);
        model.addAttribute("kind", drill.binding().kind());
        model.addAttribute("records", drill.records());
        model.addAttribute("pages", PageLinks.around(drill.records().number(), drill.records().pages()));
        model.addAttribute("pageBase", LedgerListController.url("/plans/" + planId + "/indicators/" + indicatorId + "/records",
                Map.of("asOf", drill.asOf().toString())));
        return RECORDS;
    }
}
