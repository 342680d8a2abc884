package org.xiezuo.ledger.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.xiezuo.ledger.ImportJobs;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerRefused;
import org.xiezuo.ledger.RowProblem;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * The import of a ledger file: the page names the template's columns and offers the template; the upload
 * is saved to a temporary file (deleted afterwards, whatever happens), imported as one batch in the mode
 * chosen and answered with the result — counts, rejected rows with row, column and reason, warnings,
 * duplicates — or the refusal with every bad row. The page carries a job id made when it was shown, so
 * that ledger.js can follow the import's progress while the upload is being processed.
 */
@Controller
class LedgerImportController {

    private static final Logger log = LoggerFactory.getLogger(LedgerImportController.class);
    private static final String IMPORT = "ledger/import";
    /** At most this many problems are listed on the page (the count is always complete). */
    static final int LISTED = 500;

    private final LedgerImports imports;
    private final ImportJobs jobs;
    private final PlanQueries plans;

    LedgerImportController(LedgerImports imports, ImportJobs jobs, PlanQueries plans) {
        this.imports = imports;
        this.jobs = jobs;
        this.plans = plans;
    }

    /** What the page shows after an import: the outcome, with the problems listed up to {@link #LISTED}. */
    record Result(ImportOutcome outcome, long rejectedRows, List<RowProblem> rejected, List<RowProblem> warnings,
                  List<ImportOutcome.Duplicate> duplicates) {
        static Result of(ImportOutcome outcome) {
            return new Result(outcome, outcome.rejected().stream().map(RowProblem::row).distinct().count(),
                    outcome.rejected().stream().limit(LISTED).toList(), outcome.warnings().stream().limit(LISTED).toList(),
                    outcome.duplicateRows().stream().limit(LISTED).toList());
        }
    }

    /** A refused file: the message and every bad row (listed up to {@link #LISTED}). */
    record Refusal(String message, int problemCount, long rows, List<RowProblem> problems) {
        static Refusal of(LedgerRefused refused) {
            return new Refusal(refused.getMessage(), refused.problems().size(),
                    refused.problems().stream().map(RowProblem::row).distinct().count(),
                    refused.problems().stream().limit(LISTED).toList());
        }
    }

    @GetMapping("/plans/{planId}/ledgers/{kind}/import")
    String showImport(@PathVariable long planId, @PathVariable("kind") String code, Actor actor, Model model) {
        return page(model, actor, planId, Kinds.of(code), ImportMode.STRICT);
    }

    @PostMapping("/plans/{planId}/ledgers/{kind}/import")
    String submitImport(@PathVariable long planId, @PathVariable("kind") String code,
                        @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
                        @RequestParam(required = false) @Nullable String mode, @RequestParam(required = false) @Nullable String jobId,
                        Actor actor, Model model, HttpServletResponse response) {
        LedgerKind kind = Kinds.of(code);
        ImportMode chosen = "VALID_ONLY".equals(mode) ? ImportMode.VALID_ONLY : ImportMode.STRICT;
        if (file == null || file.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                    ? "请选择要导入的台账文件（.xlsx）" : "文件“" + org.xiezuo.shared.FileNames.sanitise(file.getOriginalFilename()) + "”为空");
            return page(model, actor, planId, kind, chosen);
        }
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "台账.xlsx" : file.getOriginalFilename();
        Path temporary = null;
        try {
            temporary = Files.createTempFile("xiezuo-ledger-", ".upload");
            file.transferTo(temporary);
            ImportOutcome outcome = imports.importFile(actor, planId, kind, temporary, name, chosen, job(jobId));
            model.addAttribute("result", Result.of(outcome));
        } catch (LedgerRefused refused) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("refusal", Refusal.of(refused));
        } catch (BusinessRuleViolation refused) {
            response.setStatus(LedgerRefusals.of(refused).value());
            model.addAttribute("error", "未导入：" + refused.getMessage());
        } catch (IOException failed) {
            log.warn("Ledger upload could not be stored: {}", failed.getClass().getSimpleName());
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", "上传的文件未能保存，未导入任何内容；请重新上传");
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.warn("Temporary ledger upload not deleted: {}", temporary.getFileName());
                }
            }
        }
        model.addAttribute("fileName", org.xiezuo.shared.FileNames.sanitise(name));
        return page(model, actor, planId, kind, chosen);
    }

    /** The job id the page made, if it is one and not used yet; else a new one. */
    private @Nullable String job(@Nullable String jobId) {
        if (jobId == null) return null;
        try {
            String id = UUID.fromString(jobId.strip()).toString();
            return jobs.find(id).isPresent() ? null : id;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }

    private String page(Model model, Actor actor, long planId, LedgerKind kind, ImportMode mode) {
        PlanBook book = plans.book(actor, planId);
        model.addAttribute("plan", book.plan());
        model.addAttribute("kind", kind);
        model.addAttribute("mode", mode);
        model.addAttribute("modes", ImportMode.values());
        model.addAttribute("jobId", UUID.randomUUID().toString());
        return IMPORT;
    }
}
