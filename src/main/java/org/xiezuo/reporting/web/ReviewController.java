package org.xiezuo.reporting.web;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.ReportStatus;
import org.xiezuo.reporting.Reporting;
import org.xiezuo.reporting.ReportingQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;

/**
 * Review: one revision of a report read-only with its history, approved or returned with a reason by
 * the unit head or the coordinator; and the reviewer's inbox, filterable, with bulk approval of the
 * reports ticked, each with the version the reviewer saw.
 */
@Controller
class ReviewController {

    private static final String REPORT = "reporting/report";
    private static final String INBOX = "reporting/inbox";
    private static final int PAGE_SIZE = 20;
    private static final Pattern SELECTED = Pattern.compile("(\\d{1,18}):(\\d{1,9})");

    private final Reporting reporting;
    private final ReportingQueries queries;
    private final PlanQueries plans;

    ReviewController(Reporting reporting, ReportingQueries queries, PlanQueries plans) {
        this.reporting = reporting;
        this.queries = queries;
        this.plans = plans;
    }

    /** What became of one report in a bulk approval, as the inbox shows it after the redirect. */
    record Outcome(long reportId, boolean approved, String text) implements Serializable {}

    @GetMapping("/reports/{id}")
    String showReport(@PathVariable long id, Actor actor, Model model) {
        return report(model, actor, id);
    }

    @PostMapping("/reports/{id}/approve")
    String submitApproval(@PathVariable long id, @RequestParam int version, Actor actor, Model model,
                          HttpServletResponse response, RedirectAttributes flash) {
        ReportStatus reached;
        try {
            reached = reporting.approve(actor, id, version);
        } catch (BusinessRuleViolation | AccessDenied refused) {
            return refused(model, actor, id, refused, response);
        }
        flash.addFlashAttribute("message", reached == ReportStatus.UNIT_APPROVED ? "部门审核通过，已转协作办审核" : "已审核通过，数据已锁定");
        return "redirect:/reports/" + id;
    }

    @PostMapping("/reports/{id}/return")
    String submitReturn(@PathVariable long id, @RequestParam int version, @RequestParam(required = false) @Nullable String reason,
                        Actor actor, Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            reporting.returnReport(actor, id, version, reason == null ? "" : reason);
        } catch (BusinessRuleViolation | AccessDenied refused) {
            model.addAttribute("returnReason", reason);
            return refused(model, actor, id, refused, response);
        }
        flash.addFlashAttribute("message", "已退回，填报单位会看到退回原因");
        return "redirect:/reports/" + id;
    }

    @GetMapping("/reviews")
    String showInbox(@RequestParam(required = false) @Nullable Long plan, @RequestParam(required = false) @Nullable Long period,
                     @RequestParam(required = false) @Nullable Long unit, @RequestParam(defaultValue = "0") int page,
                     Actor actor, Model model) {
        model.addAttribute("page", queries.inbox(actor, plan, period, unit, page, PAGE_SIZE));
        model.addAttribute("plans", plans.list(actor, 0, 100).items());
        model.addAttribute("plan", plan);
        model.addAttribute("period", period);
        model.addAttribute("unit", unit);
        model.addAttribute("filter", filterQuery(plan, period, unit));
        if (plan != null) {
            model.addAttribute("periods", queries.periods(actor, plan));
            model.addAttribute("units", plans.book(actor, plan).units());
        }
        return INBOX;
    }

    /**
     * Approves every ticked report on its own; each comes as {@code id:version}, the version the inbox
     * showed, so a report changed since is refused with the reason instead of approved unseen.
     */
    @PostMapping("/reviews/approve")
    String submitBulkApproval(@RequestParam(name = "reports", required = false) @Nullable List<String> selected,
                              @RequestParam(required = false) @Nullable Long plan,
                              @RequestParam(required = false) @Nullable Long period,
                              @RequestParam(required = false) @Nullable Long unit, Actor actor, RedirectAttributes flash)
            throws ServletRequestBindingException {
        if (selected == null || selected.isEmpty()) {
            flash.addFlashAttribute("error", "请先勾选要审核通过的报告");
            return "redirect:/reviews" + filterQuery(plan, period, unit);
        }
        Map<Long, Integer> versions = new LinkedHashMap<>();
        for (String item : selected) {
            Matcher m = SELECTED.matcher(item.strip());
            if (!m.matches()) throw new ServletRequestBindingException("所选报告的格式不正确");
            versions.put(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
        }
        List<Outcome> outcomes = approveEach(actor, versions);
        long approved = outcomes.stream().filter(Outcome::approved).count();
        flash.addFlashAttribute("outcomes", outcomes);
        if (approved == outcomes.size()) {
            flash.addFlashAttribute("message", "已审核通过 " + approved + " 份报告");
        } else {
            flash.addFlashAttribute("error", "已审核通过 " + approved + " 份，" + (outcomes.size() - approved) + " 份未通过，原因见下");
        }
        return "redirect:/reviews" + filterQuery(plan, period, unit);
    }

    /** Approves each report on its own and says per report, by unit and period, what became of it. */
    private List<Outcome> approveEach(Actor actor, Map<Long, Integer> versions) {
        Map<Long, String> labels = new LinkedHashMap<>();
        queries.inbox(actor, null, null, null, 0, 200).items().forEach(row -> labels.put(row.report().id(),
                row.report().unitName() + " " + row.report().periodLabel() + (row.report().revision() > 1
                        ? " 第" + row.report().revision() + "版" : "")));
        List<Outcome> outcomes = new ArrayList<>();
        for (Reporting.BulkOutcome outcome : reporting.approveAll(actor, versions)) {
            String label = labels.getOrDefault(outcome.reportId(), "报告 " + outcome.reportId());
            outcomes.add(new Outcome(outcome.reportId(), outcome.approved(), outcome.approved()
                    ? label + "：" + (outcome.status() == null ? "已审核" : outcome.status().label())
                    : label + "：未审核通过——" + outcome.message()));
        }
        return outcomes;
    }

    /** The report page again with the reason: 400/409 for a rule (see {@link RefusalStatus}), 403 for one's own submission. */
    private String refused(Model model, Actor actor, long id, RuntimeException refused, HttpServletResponse response) {
        response.setStatus(refused instanceof BusinessRuleViolation rule ? RefusalStatus.of(rule).value() : HttpStatus.FORBIDDEN.value());
        model.addAttribute("error", refused.getMessage());
        return report(model, actor, id);
    }

    private String report(Model model, Actor actor, long id) {
        ReportingQueries.Sheet sheet = queries.report(actor, id);
        model.addAttribute("sheet", sheet);
        model.addAttribute("reviewable", reviewable(actor, sheet));
        return REPORT;
    }

    /** Whether this report is the actor's to review now: it is in the actor's inbox. */
    private boolean reviewable(Actor actor, ReportingQueries.Sheet sheet) {
        if (sheet.report() == null || !sheet.report().status().awaitingReview()) return false;
        if (!Access.permits(actor, Permission.REPORT_APPROVE) && !Access.permits(actor, Permission.REPORT_REVIEW_UNIT)) {
            return false;
        }
        long id = sheet.report().id();
        return queries.inbox(actor, sheet.plan().id(), sheet.period().id(), sheet.unit().id(), 0, 50).items().stream()
                .anyMatch(row -> row.report().id() == id);
    }

    /** The inbox filters as a query string ("" when none): numbers only, so nothing typed reaches the redirect. */
    static String filterQuery(@Nullable Long plan, @Nullable Long period, @Nullable Long unit) {
        UriComponentsBuilder query = UriComponentsBuilder.newInstance();
        if (plan != null) query.queryParam("plan", plan);
        if (period != null) query.queryParam("period", period);
        if (unit != null) query.queryParam("unit", unit);
        return query.build().toUriString();
    }
}
