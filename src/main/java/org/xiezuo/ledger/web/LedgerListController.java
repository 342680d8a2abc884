package org.xiezuo.ledger.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.xiezuo.ledger.LedgerEntry;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.ledger.personal.ChineseIds;
import org.xiezuo.ledger.personal.FieldCheck;
import org.xiezuo.ledger.personal.Masking;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Actor;

/**
 * The records of one ledger kind of a plan, 50 a page, with filters as query parameters (unit,
 * category, text, dates, import batch). An ID number never goes into a URL (SECURITY.md T54): searching
 * by ID is a POST of its own, answered with the same list, and a filter text that looks like an ID or a
 * phone number is not used. For the dispatch ledger, the cadres whose duration falls in no bucket.
 */
@Controller
class LedgerListController {

    static final int PAGE_SIZE = 50;
    private static final String LIST = "ledger/list";
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{11,}|\\d{14,}[xX]");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final LedgerQueries queries;
    private final PlanQueries plans;
    private final Clock clock;

    LedgerListController(LedgerQueries queries, PlanQueries plans, Clock clock) {
        this.queries = queries;
        this.plans = plans;
        this.clock = clock;
    }

    /** The filters as typed (all text, checked here so that a wrong date is a message, not an error page). */
    record ListForm(@Nullable String unit, @Nullable String category, @Nullable String text, @Nullable String from,
                    @Nullable String to, @Nullable String batch) {

        static ListForm none() { return new ListForm(null, null, null, null, null, null); }

        /** The non-empty filters, in a fixed order, for links (pages, export) and hidden fields. */
        public Map<String, String> present() {
            Map<String, String> map = new LinkedHashMap<>();
            put(map, "unit", unit);
            put(map, "category", category);
            put(map, "text", text);
            put(map, "from", from);
            put(map, "to", to);
            put(map, "batch", batch);
            return map;
        }

        private static void put(Map<String, String> map, String key, @Nullable String value) {
            if (value != null && !value.isBlank()) map.put(key, value.strip());
        }
    }

    @GetMapping("/plans/{planId}/ledgers/{kind}")
    String showList(@PathVariable long planId, @PathVariable("kind") String code, @ModelAttribute("filters") ListForm form,
                    @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) @Nullable String outside,
                    Actor actor, Model model) {
        LedgerKind kind = Kinds.of(code);
        List<String> problems = new ArrayList<>();
        ListForm usable = usable(form, problems);
        boolean outsideBuckets = kind == LedgerKind.DISPATCH && outside != null && !outside.isBlank() && !"0".equals(outside);
        LedgerQueries.Page<LedgerEntry> records = outsideBuckets
                ? queries.outsideBuckets(actor, planId, page, PAGE_SIZE)
                : queries.list(actor, planId, kind, filter(usable, problems, null), page, PAGE_SIZE);
        model.addAttribute("filters", usable);
        model.addAttribute("filterProblems", problems);
        model.addAttribute("outside", outsideBuckets);
        String base = "/plans/" + planId + "/ledgers/" + kind.code();
        Map<String, String> query = new LinkedHashMap<>(usable.present());
        if (outsideBuckets) query = Map.of("outside", "1");
        model.addAttribute("pageBase", url(base, query));
        model.addAttribute("exportUrl", url(base + "/export.xlsx", usable.present()));
        return list(model, actor, planId, kind, records);
    }

    /** The same list found by an ID number typed into a form: the number stays in the request body. */
    @PostMapping("/plans/{planId}/ledgers/{kind}/search")
    String submitSearch(@PathVariable long planId, @PathVariable("kind") String code,
                        @RequestParam(required = false) @Nullable String idNumber, Actor actor, Model model,
                        HttpServletResponse response) {
        LedgerKind kind = Kinds.of(code);
        List<String> problems = new ArrayList<>();
        String typed = idNumber == null ? "" : idNumber.strip();
        FieldCheck check = ChineseIds.check(typed, LocalDate.now(clock.withZone(CHINA)));
        LedgerQueries.Page<LedgerEntry> records;
        if (!check.ok()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("searchError", check.message());
            records = new LedgerQueries.Page<>(List.of(), 0, PAGE_SIZE, 0);
        } else {
            model.addAttribute("searched", Masking.id(check.requireValue()));
            records = queries.list(actor, planId, kind, filter(ListForm.none(), problems, check.requireValue()), 0, PAGE_SIZE);
        }
        model.addAttribute("filters", ListForm.none());
        model.addAttribute("filterProblems", problems);
        model.addAttribute("outside", false);
        model.addAttribute("pageBase", url("/plans/" + planId + "/ledgers/" + kind.code(), Map.of()));
        model.addAttribute("exportUrl", null);
        return list(model, actor, planId, kind, records);
    }

    private String list(Model model, Actor actor, long planId, LedgerKind kind, LedgerQueries.Page<LedgerEntry> records) {
        PlanBook book = plans.book(actor, planId);
        model.addAttribute("plan", book.plan());
        model.addAttribute("kind", kind);
        model.addAttribute("kinds", LedgerKind.values());
        model.addAttribute("units", book.units());
        model.addAttribute("records", records);
        model.addAttribute("pages", PageLinks.around(records.number(), records.pages()));
        model.addAttribute("batchChoices", queries.batches(actor, planId, kind, 0, 50).items());
        model.addAttribute("outsideCount", kind == LedgerKind.DISPATCH ? queries.outsideBuckets(actor, planId, 0, 1).total() : 0L);
        return LIST;
    }

    /** The filters that can be used; each one that cannot is dropped with a message. */
    private static ListForm usable(ListForm form, List<String> problems) {
        String text = form.text();
        if (text != null && LONG_DIGITS.matcher(text.replaceAll("\\s", "")).find()) {
            problems.add("身份证号、手机号不能作为网址中的查询条件（会被浏览器记录），已忽略；按身份证号查找请使用“按身份证号查找”");
            text = null;
        }
        return new ListForm(number(form.unit(), "单位", problems), form.category(), text, date(form.from(), "开始日期", problems),
                date(form.to(), "截止日期", problems), number(form.batch(), "导入批次", problems));
    }

    private static LedgerQueries.Filter filter(ListForm form, List<String> problems, @Nullable String idNumber) {
        return new LedgerQueries.Filter(form.unit() == null ? null : Long.valueOf(form.unit()), blankToNull(form.category()),
                blankToNull(form.text()), form.from() == null ? null : LocalDate.parse(form.from()),
                form.to() == null ? null : LocalDate.parse(form.to()), form.batch() == null ? null : Long.valueOf(form.batch()),
                idNumber);
    }

    private static @Nullable String number(@Nullable String text, String what, List<String> problems) {
        if (text == null || text.isBlank()) return null;
        try {
            return String.valueOf(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            problems.add(what + "的筛选条件无效，已忽略");
            return null;
        }
    }

    private static @Nullable String date(@Nullable String text, String what, List<String> problems) {
        if (text == null || text.isBlank()) return null;
        try {
            return LocalDate.parse(text.strip()).toString();
        } catch (DateTimeParseException e) {
            problems.add(what + "应为日期（如 2021-03-15），已忽略");
            return null;
        }
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A path with query parameters, encoded once; the page number is added by the template. */
    static String url(String path, Map<String, String> query) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
        query.forEach(builder::queryParam);
        return builder.encode().build().toUriString();
    }
}
