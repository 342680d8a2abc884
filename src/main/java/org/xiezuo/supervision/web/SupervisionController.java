package org.xiezuo.supervision.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;
import org.xiezuo.supervision.Escalation;
import org.xiezuo.supervision.MatterKind;
import org.xiezuo.supervision.Order;
import org.xiezuo.supervision.OrderNotice;
import org.xiezuo.supervision.OrderStatus;
import org.xiezuo.supervision.Supervision;
import org.xiezuo.supervision.SupervisionJob;
import org.xiezuo.supervision.SupervisionQueries;
import org.xiezuo.supervision.SupervisionSettings;

/**
 * The supervision pages: the plan's orders, a new order (also from an indicator: matter and units
 * filled in), an order with its parts and the actions each actor may take (issue or discard a draft,
 * answer one's own unit's part, close or return an answer), the .docx notice, and the unit page's list.
 */
@Controller
class SupervisionController {

    private static final int PAGE_SIZE = 20;
    private static final String UNIT_ORDERS = "supervision/unit :: orders";

    private final SupervisionQueries queries;
    private final Supervision supervision;
    private final PlanQueries plans;
    private final Assessor assessor;
    private final SupervisionSettings settings;

    SupervisionController(SupervisionQueries queries, Supervision supervision, PlanQueries plans, Assessor assessor,
                          SupervisionSettings settings) {
        this.queries = queries;
        this.supervision = supervision;
        this.plans = plans;
        this.assessor = assessor;
        this.settings = settings;
    }

    /** The menu's 督办 leads to the newest plan's orders. */
    @GetMapping("/supervision")
    String showNewest(Actor actor) {
        if (!Access.permits(actor, Permission.PLAN_READ)) return "redirect:/";
        java.util.Optional<Long> newest = plans.newestId(actor);
        if (newest.isEmpty()) return "redirect:/plans";
        return "redirect:/plans/" + newest.get() + "/supervision";
    }

    @GetMapping("/plans/{planId}/supervision")
    String showList(@PathVariable long planId, @RequestParam(defaultValue = "0") int page, Actor actor, Model model) {
        PlanBook book = plans.book(actor, planId);
        model.addAttribute("plan", book.plan());
        model.addAttribute("orders", queries.list(actor, planId, page, PAGE_SIZE));
        model.addAttribute("manager", manager(actor, book));
        common(model);
        return "supervision/list";
    }

    @GetMapping("/plans/{planId}/supervision/new")
    String showNew(@PathVariable long planId, @RequestParam(required = false) @Nullable Long indicator, Actor actor, Model model) {
        PlanBook book = plans.book(actor, planId);
        Access.require(actor, Permission.SUPERVISION_MANAGE);
        model.addAttribute("plan", book.plan());
        model.addAttribute("book", book);
        model.addAttribute("kinds", MatterKind.values());
        PlanBook.IndicatorRow row = indicator == null ? null
                : book.indicators().stream().filter(i -> i.id() == indicator).findFirst().orElse(null);
        model.addAttribute("indicator", row);
        model.addAttribute("matter", row == null ? "" : "“" + row.name() + "”进度滞后");
        model.addAttribute("requirement", SupervisionJob.REQUIREMENT);
        model.addAttribute("selectedUnits", row == null ? List.of() : row.units().stream().map(PlanBook.UnitRef::id).toList());
        model.addAttribute("deadline", assessor.today().plusDays(settings.responseDays()));
        return "supervision/new";
    }

    @PostMapping("/plans/{planId}/supervision")
    String submitNew(@PathVariable long planId, @RequestParam MatterKind kind, @RequestParam(required = false) @Nullable Long indicatorId,
                     @RequestParam String matter, @RequestParam String requirement,
                     @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate responseDeadline,
                     @RequestParam(name = "unit", required = false) @Nullable List<Long> units, Actor actor, RedirectAttributes flash) {
        try {
            long id = supervision.draft(actor, planId, new Supervision.Draft(kind, indicatorId, null, null, matter, requirement,
                    responseDeadline, units == null ? List.of() : units));
            flash.addFlashAttribute("message", "已保存督办单草稿，请核对后签发");
            return "redirect:/supervision/orders/" + id;
        } catch (BusinessRuleViolation e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/plans/" + planId + "/supervision/new" + (indicatorId == null ? "" : "?indicator=" + indicatorId);
        }
    }

    @GetMapping("/supervision/orders/{id}")
    String showOrder(@PathVariable long id, Actor actor, Model model) {
        Order order = queries.order(actor, id);
        PlanBook book = plans.book(actor, order.planId());
        model.addAttribute("plan", book.plan());
        model.addAttribute("order", order);
        model.addAttribute("manager", manager(actor, book));
        List<Long> own = new ArrayList<>();
        if (Access.permits(actor, Permission.SUPERVISION_RESPOND)) {
            order.parts().stream().filter(p -> actor.unitIds().contains(p.unitId())).forEach(p -> own.add(p.id()));
        }
        model.addAttribute("ownParts", own);
        model.addAttribute("issuedAt", order.issuedAt() == null ? null
                : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(order.issuedAt().atZone(Assessor.ZONE)));
        model.addAttribute("today", assessor.today());
        common(model);
        return "supervision/order";
    }

    @PostMapping("/supervision/orders/{id}/issue")
    String submitIssue(@PathVariable long id, @RequestParam int version, Actor actor, RedirectAttributes flash) {
        return act(id, flash, () -> {
            Order issued = supervision.issue(actor, id, version);
            flash.addFlashAttribute("message", "已签发督办单 " + issued.number() + "，已通知责任单位");
        });
    }

    @PostMapping("/supervision/orders/{id}/cancel")
    String submitCancel(@PathVariable long id, @RequestParam int version, Actor actor, RedirectAttributes flash) {
        return act(id, flash, () -> {
            supervision.cancel(actor, id, version);
            flash.addFlashAttribute("message", "已作废该草稿");
        });
    }

    @PostMapping("/supervision/parts/{partId}/answer")
    String submitAnswer(@PathVariable long partId, @RequestParam String measures,
                        @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expectedCompletion, @RequestParam int version,
                        Actor actor, RedirectAttributes flash) {
        long order = queries.findByPart(partId).id();
        return act(order, flash, () -> {
            supervision.answer(actor, partId, measures, expectedCompletion, version);
            flash.addFlashAttribute("message", "已提交反馈，等待协作办销号");
        });
    }

    @PostMapping("/supervision/parts/{partId}/close")
    String submitClose(@PathVariable long partId, @RequestParam int version, Actor actor, RedirectAttributes flash) {
        long order = queries.findByPart(partId).id();
        return act(order, flash, () -> {
            supervision.close(actor, partId, version);
            flash.addFlashAttribute("message", "已销号");
        });
    }

    @PostMapping("/supervision/parts/{partId}/return")
    String submitReturn(@PathVariable long partId, @RequestParam String reason, @RequestParam int version, Actor actor,
                        RedirectAttributes flash) {
        long order = queries.findByPart(partId).id();
        return act(order, flash, () -> {
            supervision.returnPart(actor, partId, reason, version);
            flash.addFlashAttribute("message", "已退回该单位的反馈");
        });
    }

    @GetMapping("/supervision/orders/{id}/notice.docx")
    ResponseEntity<byte[]> downloadNotice(@PathVariable long id, Actor actor) {
        Order order = queries.order(actor, id);
        PlanBook book = plans.book(actor, order.planId());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OrderNotice.write(order, issuer(book), bytes);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(OrderNotice.fileName(order), StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(bytes.toByteArray());
    }

    /** The orders addressed to a unit, as a fragment the unit page loads. */
    @GetMapping("/plans/{planId}/supervision/units/{unitId}")
    String showUnitOrders(@PathVariable long planId, @PathVariable long unitId, Actor actor, Model model) {
        plans.unit(actor, planId, unitId);
        model.addAttribute("orders", unitOrders(actor, planId, unitId));
        model.addAttribute("unitId", unitId);
        model.addAttribute("today", assessor.today());
        common(model);
        return UNIT_ORDERS;
    }

    private List<UnitOrder> unitOrders(Actor actor, long planId, long unitId) {
        LocalDate today = assessor.today();
        List<UnitOrder> rows = new ArrayList<>();
        for (Order o : queries.ofUnit(actor, planId, unitId)) {
            Order.Part part = o.parts().stream().filter(p -> p.unitId() == unitId).findFirst().orElseThrow();
            rows.add(new UnitOrder(o, part, Escalation.of(part.state(), o.responseDeadline(), today, settings.redAfterDays())));
        }
        return rows;
    }

    static String issuer(PlanBook book) {
        return org.xiezuo.export.BulletinText.issuer(book.plan());
    }

    private void common(Model model) {
        model.addAttribute("redAfterDays", settings.redAfterDays());
        model.addAttribute("escalation", new EscalationOf(settings.redAfterDays()));
        model.addAttribute("draftStatus", OrderStatus.DRAFT);
    }

    /** An order on the unit page: the order, the unit's part and its escalation today. */
    record UnitOrder(Order order, Order.Part part, Escalation escalation) {}

    /** For templates: a part's escalation today. */
    record EscalationOf(int redAfterDays) {
        public Escalation of(Order order, Order.Part part, LocalDate today) {
            return Escalation.of(part.state(), order.responseDeadline(), today, redAfterDays);
        }
    }

    private static boolean manager(Actor actor, PlanBook book) {
        return Access.reachesDistrict(actor, Permission.SUPERVISION_MANAGE, book.plan().districtId());
    }

    private static String act(long orderId, RedirectAttributes flash, Runnable action) {
        try {
            action.run();
        } catch (BusinessRuleViolation e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (org.springframework.dao.OptimisticLockingFailureException e) {
            flash.addFlashAttribute("error", "该督办单已被他人办理，请刷新后重试");
        }
        return "redirect:/supervision/orders/" + orderId;
    }
}
