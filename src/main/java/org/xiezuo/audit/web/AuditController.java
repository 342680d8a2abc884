package org.xiezuo.audit.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.xiezuo.audit.AuditExport;
import org.xiezuo.audit.AuditFilter;
import org.xiezuo.audit.AuditQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * The audit administrator's page: search the trail and export the result. The permission check and
 * the audit row of each query live in {@link AuditQueries}, whatever calls it.
 */
@Controller
class AuditController {

    private static final String SEARCH = "audit/search";

    private final AuditQueries queries;

    AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/audit")
    String showLog(@ModelAttribute("form") SearchForm form, @RequestParam(defaultValue = "0") int page, Actor actor,
                   Model model) {
        AuditFilter filter;
        try {
            filter = form.toFilter();
        } catch (BusinessRuleViolation invalid) {
            model.addAttribute("error", invalid.getMessage());
            filter = AuditFilter.none();
        }
        model.addAttribute("page", queries.search(actor, filter, page));
        model.addAttribute("eventTypes", queries.eventTypes(actor));
        model.addAttribute("pageUrl", form.url());
        return SEARCH;
    }

    /**
     * The search result as .xlsx. A refusal (no permission, more rows than the export limit) arrives as an
     * exception before anything is written, so the error page answers instead.
     */
    @GetMapping("/audit/export")
    void exportLog(@ModelAttribute("form") SearchForm form, Actor actor, HttpServletResponse response) throws IOException {
        try (AuditExport export = queries.export(actor, form.toFilter())) {
            response.setContentType(AuditExport.CONTENT_TYPE);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(export.fileName(), StandardCharsets.UTF_8).build().toString());
            export.writeTo(response.getOutputStream());
        }
    }
}
