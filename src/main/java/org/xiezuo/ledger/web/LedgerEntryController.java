package org.xiezuo.ledger.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.ledger.LedgerEntries;
import org.xiezuo.ledger.LedgerEntry;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.ledger.Reveals;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * One ledger record: entered by hand (the same checks as an import row, each problem shown next to its
 * field with what was typed), shown with its history and corrected at the version the form showed,
 * deleted with a reason, and — for an account with {@code PI_REVEAL} — its full ID or phone number
 * revealed once with a reason: htmx swaps the number into the page; it is never in a URL, a cache or a
 * log, and every reveal is an audit row.
 */
@Controller
class LedgerEntryController {

    private static final String NEW = "ledger/new";
    private static final String ENTRY = "ledger/entry";
    private static final String REVEALED = "ledger/fragments :: revealed";
    private static final String REVEAL_FORM = "ledger/fragments :: revealForm";

    private final LedgerEntries entries;
    private final LedgerQueries queries;
    private final Reveals reveals;
    private final PlanQueries plans;

    LedgerEntryController(LedgerEntries entries, LedgerQueries queries, Reveals reveals, PlanQueries plans) {
        this.entries = entries;
        this.queries = queries;
        this.reveals = reveals;
        this.plans = plans;
    }

    @GetMapping("/plans/{planId}/ledgers/{kind}/new")
    String showNew(@PathVariable long planId, @PathVariable("kind") String code, Actor actor, Model model) {
        LedgerKind kind = Kinds.of(code);
        return newForm(model, actor, planId, EntryForm.blank(kind));
    }

    @PostMapping("/plans/{planId}/ledgers/{kind}/new")
    String submitNew(@PathVariable long planId, @PathVariable("kind") String code, @RequestParam Map<String, String> posted,
                     Actor actor, Model model, HttpServletResponse response, RedirectAttributes flash) {
        LedgerKind kind = Kinds.of(code);
        Map<String, String> values = EntryForm.values(kind, posted);
        long id;
        try {
            id = entries.create(actor, planId, kind, values);
        } catch (LedgerEntries.Invalid invalid) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", "未保存：请按提示改正标红的内容");
            return newForm(model, actor, planId, EntryForm.typed(kind, values, invalid.problems()));
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            // a repeat of a record is not saved again; one with changed facts updated that record (the message says so)
            model.addAttribute("error", "ledger.duplicate".equals(refused.code()) ? refused.getMessage() : "未保存：" + refused.getMessage());
            return newForm(model, actor, planId, EntryForm.typed(kind, values, List.of()));
        }
        flash.addFlashAttribute("message", "已新增一条" + kind.label() + "记录");
        return "redirect:/ledger-entries/" + id;
    }

    @GetMapping("/ledger-entries/{id}")
    String showEntry(@PathVariable long id, Actor actor, Model model) {
        LedgerEntry entry = queries.entry(actor, id);
        return entry(model, actor, entry, EntryForm.of(entry));
    }

    /** A correction of the record as the form showed it ({@code version}); every field is posted. */
    @PostMapping("/ledger-entries/{id}")
    String submitEntry(@PathVariable long id, @RequestParam int version, @RequestParam Map<String, String> posted, Actor actor,
                       Model model, HttpServletResponse response, RedirectAttributes flash) {
        LedgerEntry entry = queries.entry(actor, id);
        Map<String, String> values = EntryForm.values(entry.kind(), posted);
        try {
            entries.update(actor, id, version, values);
        } catch (LedgerEntries.Invalid invalid) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("editError", "未保存：请按提示改正标红的内容");
            return entry(model, actor, entry, EntryForm.typed(entry.kind(), values, invalid.problems()));
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            model.addAttribute("editError", "未保存：" + refused.getMessage());
            return entry(model, actor, queries.entry(actor, id), EntryForm.typed(entry.kind(), values, List.of()));
        }
        flash.addFlashAttribute("message", "已保存修改");
        return "redirect:/ledger-entries/" + id;
    }

    @PostMapping("/ledger-entries/{id}/delete")
    String submitDeletion(@PathVariable long id, @RequestParam(required = false) @Nullable String reason, Actor actor,
                          Model model, HttpServletResponse response, RedirectAttributes flash) {
        LedgerEntry entry = queries.entry(actor, id);
        try {
            entries.delete(actor, id, reason == null ? "" : reason);
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            model.addAttribute("deleteError", refused.getMessage());
            model.addAttribute("deleteReason", reason);
            return entry(model, actor, entry, EntryForm.of(entry));
        }
        flash.addFlashAttribute("message", "已删除一条" + entry.kind().label() + "记录");
        return "redirect:/plans/" + entry.planId() + "/ledgers/" + entry.kind().code();
    }

    /**
     * Reveals the full ID ({@code field=ID}) or phone ({@code field=PHONE}) with a reason. With htmx the
     * answer is the number in place of the form; without, the record's page with the number shown once.
     * Never cached; refused with the reason (400), too many reveals (429).
     */
    @PostMapping("/ledger-entries/{id}/reveal")
    String submitReveal(@PathVariable long id, @RequestParam(required = false) @Nullable String field,
                        @RequestParam(required = false) @Nullable String reason,
                        @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Actor actor, Model model,
                        HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        Reveals.Field which = "PHONE".equals(field) ? Reveals.Field.PHONE : "ID".equals(field) ? Reveals.Field.ID : null;
        model.addAttribute("entryId", id);
        try {
            if (which == null) throw LedgerRefusals.badInput("请选择要查看的身份证号或手机号");
            model.addAttribute("field", which);
            String value = reveals.reveal(actor, id, which, reason == null ? "" : reason);
            model.addAttribute("revealedValue", value);
            model.addAttribute("revealedField", which);
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            model.addAttribute("revealError", refused.getMessage());
            model.addAttribute("revealReason", reason);
            if (htmx != null) {
                model.addAttribute("field", which == null ? Reveals.Field.ID : which);
                return REVEAL_FORM;
            }
            model.addAttribute("revealErrorField", which);
            LedgerEntry entry = queries.entry(actor, id);
            return entry(model, actor, entry, EntryForm.of(entry));
        }
        if (htmx != null) return REVEALED;
        LedgerEntry entry = queries.entry(actor, id);
        return entry(model, actor, entry, EntryForm.of(entry));
    }

    private String newForm(Model model, Actor actor, long planId, EntryForm form) {
        PlanBook book = plans.book(actor, planId);
        model.addAttribute("plan", book.plan());
        model.addAttribute("units", book.units());
        model.addAttribute("kind", form.kind());
        model.addAttribute("form", form);
        return NEW;
    }

    private String entry(Model model, Actor actor, LedgerEntry entry, EntryForm form) {
        PlanBook book = plans.book(actor, entry.planId());
        model.addAttribute("plan", book.plan());
        model.addAttribute("units", book.units());
        model.addAttribute("entry", entry);
        model.addAttribute("kind", entry.kind());
        model.addAttribute("form", form);
        return ENTRY;
    }
}
