package org.xiezuo.ledger.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.ledger.ImportJobs;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * The ledgers of a plan at a glance: how many records each kind holds, the recent import batches (each
 * can be rolled back by the office) and the recent imports with how they ended — an import cut off reads
 * "导入中断，请重新导入". The menu's 台账 leads to the newest plan's overview. Also the progress of a
 * running import as the import page polls it.
 */
@Controller
class LedgerOverviewController {

    private static final String OVERVIEW = "ledger/overview";
    private static final int BATCHES = 20;
    private static final int JOBS = 10;

    private final LedgerQueries queries;
    private final LedgerImports imports;
    private final ImportJobs jobs;
    private final PlanQueries plans;

    LedgerOverviewController(LedgerQueries queries, LedgerImports imports, ImportJobs jobs, PlanQueries plans) {
        this.queries = queries;
        this.imports = imports;
        this.jobs = jobs;
        this.plans = plans;
    }

    @GetMapping("/ledgers")
    String showNewestOverview(Actor actor) {
        if (!Access.permits(actor, Permission.PLAN_READ)) return "redirect:/";
        java.util.Optional<Long> newest = plans.newestId(actor);
        if (newest.isEmpty()) return "redirect:/plans";
        return "redirect:/plans/" + newest.get() + "/ledgers";
    }

    @GetMapping("/plans/{planId}/ledgers")
    String showOverview(@PathVariable long planId, @RequestParam(defaultValue = "0") int page, Actor actor, Model model) {
        Map<LedgerKind, Long> counts = queries.counts(actor, planId);
        PlanBook book = plans.book(actor, planId);
        boolean wholeDistrict = Access.reachesDistrict(actor, Permission.LEDGER_READ, book.plan().districtId());
        model.addAttribute("plan", book.plan());
        model.addAttribute("counts", counts);
        model.addAttribute("total", counts.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("batches", queries.batches(actor, planId, null, page, BATCHES));
        model.addAttribute("jobs", jobs.recent(planId, wholeDistrict ? JOBS : JOBS * 5).stream()
                .filter(j -> wholeDistrict || j.startedBy().equals(actor.name())).limit(JOBS).toList());
        return OVERVIEW;
    }

    /** Rolls a whole import batch back; {@code plan} says which overview to go back to (a number, nothing typed). */
    @PostMapping("/ledger-batches/{id}/rollback")
    String submitRollback(@PathVariable long id, @RequestParam(required = false) @Nullable Long plan, Actor actor,
                          RedirectAttributes flash) {
        try {
            imports.rollBack(actor, id);
            flash.addFlashAttribute("message", "导入批次已回滚：该批次新增的记录已删除，修改过的记录已恢复");
        } catch (BusinessRuleViolation refused) {
            flash.addFlashAttribute("error", "未回滚：" + refused.getMessage());
        }
        if (plan == null) return "redirect:/ledgers";
        return "redirect:/plans/" + plan + "/ledgers#batches";
    }

    /**
     * How far an import has come, for the progress bar of the import page: {@code status}, {@code rowsRead},
     * {@code rowsExpected}, {@code percent} (-1 when the number of rows is unknown) and, when it ended, a
     * {@code message}. The office and leaders see the jobs of plans they read; reporters and unit heads only
     * the jobs they started ({@link ImportJobs#find(Actor, String)}); anyone else is answered 404.
     */
    @GetMapping("/ledger-jobs/{jobId}")
    ResponseEntity<Map<String, Object>> showJob(@PathVariable String jobId, Actor actor) {
        ImportJobs.Job job = jobs.find(actor, jobId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", job.status().name());
        body.put("rowsRead", job.rowsRead());
        body.put("rowsExpected", job.rowsExpected());
        body.put("percent", job.percent());
        if (job.status() == ImportJobs.Status.FAILED) body.put("message", job.result());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
