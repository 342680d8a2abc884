package org.xiezuo.plan.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xiezuo.audit.AuditEntry;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;

/** The plan pages as JSON: the list, one plan with units, tasks and indicators, its history, single tasks and indicators. */
@RestController
@RequestMapping("/api/v1")
class PlanApi {

    private final PlanQueries queries;

    PlanApi(PlanQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/plans")
    PlanQueries.Page<PlanQueries.PlanSummary> plans(@RequestParam(defaultValue = "0") int page,
                                                    @RequestParam(defaultValue = "20") int size, Actor actor) {
        return queries.list(actor, page, size);
    }

    @GetMapping("/plans/{id}")
    PlanBook plan(@PathVariable long id, Actor actor) {
        return queries.book(actor, id);
    }

    @GetMapping("/tasks/{id}")
    PlanBook.TaskRow task(@PathVariable long id, Actor actor) {
        return queries.task(actor, id);
    }

    @GetMapping("/indicators/{id}")
    PlanBook.IndicatorRow indicator(@PathVariable long id, Actor actor) {
        return queries.indicator(actor, id);
    }

    @GetMapping("/plans/{id}/history")
    PlanQueries.Page<AuditEntry> history(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
                                         @RequestParam(defaultValue = "50") int size, Actor actor) {
        return queries.history(actor, id, page, size);
    }
}
