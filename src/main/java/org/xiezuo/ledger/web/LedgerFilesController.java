package org.xiezuo.ledger.web;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.xiezuo.ledger.LedgerExports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.shared.Actor;

/**
 * The ledger files of the pages: the import template of a kind, the masked export of what the listing
 * shows (its filters as query parameters), and the full export with complete ID and phone numbers —
 * a form post (CSRF-protected, never a link a page could preload or a crawler follow) for holders of
 * {@code PI_EXPORT_FULL}, audited by {@link LedgerExports} with its filter and row count. File names carry
 * the kind and the date, never personal data; every file is sent {@code no-store}. Refusals are the
 * usual error pages (404 out of scope or for an unknown kind, 403 without the permission).
 */
@Controller
class LedgerFilesController {

    private final LedgerExports exports;
    private final Clock clock;

    LedgerFilesController(LedgerExports exports, Clock clock) {
        this.exports = exports;
        this.clock = clock;
    }

    @GetMapping("/plans/{planId}/ledgers/{kind}/template.xlsx")
    void template(@PathVariable long planId, @PathVariable String kind, HttpServletResponse response) throws IOException {
        // the same empty template for every plan: it holds no data, so there is nothing of the plan to scope
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        LedgerFilesSupport.send(response, LedgerExports.templateName(ledger), out -> exports.template(ledger, out));
    }

    @GetMapping("/plans/{planId}/ledgers/{kind}/export.xlsx")
    void export(@PathVariable long planId, @PathVariable String kind, @ModelAttribute LedgerApiFilter filter, Actor actor,
                HttpServletResponse response) throws IOException {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        LedgerFilesSupport.send(response, LedgerExports.fileName(ledger, LedgerFilesSupport.today(clock), false),
                out -> exports.export(actor, planId, ledger, filter.toFilter(), false, out));
    }

    @PostMapping("/plans/{planId}/ledgers/{kind}/export-full.xlsx")
    void exportFull(@PathVariable long planId, @PathVariable String kind, @ModelAttribute LedgerApiFilter filter, Actor actor,
                    HttpServletResponse response) throws IOException {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        LedgerFilesSupport.send(response, LedgerExports.fileName(ledger, LedgerFilesSupport.today(clock), true),
                out -> exports.export(actor, planId, ledger, filter.toFilter(), true, out));
    }
}
