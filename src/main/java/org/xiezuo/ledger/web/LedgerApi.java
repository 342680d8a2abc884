package org.xiezuo.ledger.web;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartFile;
import org.xiezuo.ledger.Binding;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.ImportJobs;
import org.xiezuo.ledger.ImportMode;
import org.xiezuo.ledger.ImportOutcome;
import org.xiezuo.ledger.ImportReports;
import org.xiezuo.ledger.IndicatorValues;
import org.xiezuo.ledger.LedgerEntries;
import org.xiezuo.ledger.LedgerEntry;
import org.xiezuo.ledger.LedgerExports;
import org.xiezuo.ledger.LedgerImports;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.LedgerQueries;
import org.xiezuo.ledger.LedgerRefused;
import org.xiezuo.ledger.Measure;
import org.xiezuo.ledger.Reveals;
import org.xiezuo.ledger.RowProblem;
import org.xiezuo.ledger.TimeRule;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

import tools.jackson.databind.json.JsonMapper;

/**
 * Ledgers as JSON, with the services, checks and scope of the pages: counts per kind, a kind's records
 * (filters, paging), search by ID number, one record (read, add, correct with the version read, delete
 * with a reason), revealing one full ID or phone number, imports with their progress and batches
 * (rollback), indicator bindings, the records behind a ledger-bound figure and every indicator's value as
 * of a date, and the masked and full .xlsx exports.
 *
 * <p>Personal data: every answer carries ID and phone numbers masked ({@code 110***********1234},
 * {@code 138****1234}); the reveal endpoint is the one answer with a full value, sent {@code no-store}.
 * An ID number is never a URL parameter — search is a POST with {@code {"idNumber":…}} — and request
 * and answer types that carry one print themselves without it ({@code toString}), so that debug logs of
 * the request bodies hold none.
 *
 * <p>A record's fields are keyed as in the template ({@code GET /plans/{planId}/ledgers} lists each
 * kind's columns): {@code name, idNumber, phone, poor, province, employer, startDate …}, values as text
 * typed into the form. A correction sends every field again, as the form does, including the full ID
 * number of a person record (the stored one is never handed out to be sent back). A deletion carries its
 * reason in the JSON body: {@code DELETE /ledger-entries/{id}} with {@code {"reason":"重复登记"}} (a body
 * rather than a header, because a reason is Chinese text and headers are Latin-1).
 *
 * <p>Refusals are RFC 9457 problem details with a {@code code}: 404 out of scope or unknown (as if it
 * did not exist), 403 without the permission, 422 for input to correct (a form field, a missing reason,
 * an unusable or refused import — the latter with the import report and every {@code rejected} row),
 * 409 for conflicts and states (changed since read, a duplicate record, a batch already rolled back),
 * 429 for too many reveals a minute.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "台账", description = "台账记录、导入、回滚、指标关联、穿透查询与导出；个人信息一律脱敏")
class LedgerApi {

    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Refusals about the state of things (409); every other refusal is input to correct (422). */
    private static final Set<String> CONFLICTS = Set.of("ledger.conflict", "ledger.duplicate", "batch.state", "batch.later",
            "binding.none", "ledger.job");

    private final LedgerQueries queries;
    private final LedgerEntries entries;
    private final LedgerImports imports;
    private final ImportJobs jobs;
    private final Reveals reveals;
    private final Bindings bindings;
    private final IndicatorValues indicatorValues;
    private final LedgerExports exports;
    private final Clock clock;

    LedgerApi(LedgerQueries queries, LedgerEntries entries, LedgerImports imports, ImportJobs jobs, Reveals reveals,
              Bindings bindings, IndicatorValues indicatorValues, LedgerExports exports, Clock clock) {
        this.queries = queries;
        this.entries = entries;
        this.imports = imports;
        this.jobs = jobs;
        this.reveals = reveals;
        this.bindings = bindings;
        this.indicatorValues = indicatorValues;
        this.exports = exports;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ answers

    /** A page of anything: the items, the page number (from 0), its size, the total and the number of pages. */
    record PageView<T>(List<T> items, int page, int size, long total, int pages) {
        static <S, T> PageView<T> of(LedgerQueries.Page<S> page, Function<S, T> view) {
            return new PageView<>(page.items().stream().map(view).toList(), page.number(), page.size(), page.total(),
                    page.pages());
        }
    }

    /** A template column: the key a record's fields use, the header the .xlsx shows, whether it must be filled. */
    record ColumnView(String key, String header, boolean required) {
        static ColumnView of(Column column) {
            return new ColumnView(column.key(), column.header(), column.required());
        }
    }

    /** A kind of ledger with the number of records the caller sees and its columns. */
    record KindView(String kind, String label, boolean persons, long count, List<ColumnView> columns) {}

    /**
     * A record as shown: {@code fields} by template column key, ID and phone masked; {@code unit} the
     * unit credited, {@code units} every unit that reported it; {@code version} for a correction.
     */
    record EntryView(long id, long planId, String kind, int version, @Nullable String unit, List<String> units,
                     @Nullable Long batchId, Map<String, @Nullable Object> fields, String createdBy, Instant createdAt,
                     @Nullable String updatedBy, @Nullable Instant updatedAt) {
        static EntryView of(LedgerEntry entry) {
            Map<String, @Nullable Object> fields = new LinkedHashMap<>();
            for (Column column : entry.kind().columns()) fields.put(column.key(), entry.value(column.key()));
            return new EntryView(entry.id(), entry.planId(), entry.kind().code(), entry.version(), entry.unitName(),
                    entry.units(), entry.batchId(), fields, entry.createdBy(), entry.createdAt(), entry.updatedBy(),
                    entry.updatedAt());
        }
    }

    record Created(long id) {}

    /** The full value of one field; prints itself without it. */
    record Revealed(String field, String value) {
        @Override
        public String toString() { return "Revealed[field=" + field + ", value=***]"; }
    }

    /** An import's progress, as the import page's progress bar polls it; {@code percent} -1 while the size is unknown. */
    record JobView(String id, String kind, String status, int rowsRead, @Nullable Integer rowsExpected, int percent,
                   @Nullable Object result) {}

    record BatchView(long id, String kind, String fileName, @Nullable String unit, String mode, int rowsRead, int accepted,
                     int updated, int duplicates, int rejected, String status, String createdBy, Instant createdAt,
                     @Nullable String rolledBackBy, @Nullable Instant rolledBackAt) {
        static BatchView of(LedgerQueries.Batch b) {
            return new BatchView(b.id(), b.kind().code(), b.fileName(), b.unitName(), b.mode(), b.rowsRead(), b.accepted(),
                    b.updated(), b.duplicates(), b.rejected(), b.status(), b.createdBy(), b.createdAt(), b.rolledBackBy(),
                    b.rolledBackAt());
        }
    }

    record RolledBack(long batchId, String status) {}

    /** An indicator's binding to a ledger measure, with its description in words. */
    record BindingView(long indicatorId, String kind, Measure measure, TimeRule timeRule, @Nullable String category,
                       boolean poorOnly, @Nullable Boolean inPark, @Nullable Integer minMonths, @Nullable Integer maxMonths,
                       String description) {
        static BindingView of(Binding b) {
            return new BindingView(b.indicatorId(), b.kind().code(), b.measure(), b.timeRule(), b.category(), b.poorOnly(),
                    b.inPark(), b.minMonths(), b.maxMonths(), b.describe());
        }
    }

    record IndicatorRef(long id, @Nullable String code, String name, @Nullable String measureUnit) {}

    record DrillDownView(IndicatorRef indicator, BindingView binding, LocalDate asOf, BigDecimal value,
                         PageView<EntryView> records) {}

    // ------------------------------------------------------------------ requests

    /** Field key → text as typed into the form. Prints its keys only: the values may be an ID or phone number. */
    static final class Fields {
        private final Map<String, String> values = new LinkedHashMap<>();

        @JsonAnySetter
        void put(String key, @Nullable Object value) {
            values.put(key, value == null ? "" : String.valueOf(value));
        }

        Map<String, String> values() { return values; }

        @Override
        public String toString() { return "Fields" + values.keySet(); }
    }

    /** A correction: the record's version as read and every field. */
    record UpdateRequest(@Nullable Integer version, @Nullable Fields fields) {}

    record DeleteRequest(@Nullable String reason) {}

    record RevealRequest(@Nullable String field, @Nullable String reason) {}

    /** An exact search by ID number (through the keyed hash); prints itself without the number. */
    record SearchRequest(@Nullable String idNumber, @Nullable Integer page, @Nullable Integer size) {
        @Override
        public String toString() { return "SearchRequest[idNumber=***, page=" + page + ", size=" + size + "]"; }
    }

    /** A binding as the coordinator sets it; {@code kind} as code ({@code employment}) or name, enums by name. */
    record BindingRequest(@Nullable String kind, @Nullable String measure, @Nullable String timeRule, @Nullable String category,
                          @Nullable Boolean poorOnly, @Nullable Boolean inPark, @Nullable Integer minMonths,
                          @Nullable Integer maxMonths) {}

    // ------------------------------------------------------------------ ledgers and records

    @GetMapping("/plans/{planId}/ledgers")
    @Operation(summary = "各类台账的记录数", description = "本人可见的记录数，以及每类台账的字段（key 即录入、修改时的字段名）")
    List<KindView> ledgers(@PathVariable long planId, Actor actor) {
        return queries.counts(actor, planId).entrySet().stream()
                .map(e -> new KindView(e.getKey().code(), e.getKey().label(), e.getKey().persons(), e.getValue(),
                        e.getKey().columns().stream().map(ColumnView::of).toList()))
                .toList();
    }

    @GetMapping("/plans/{planId}/ledgers/{kind}/entries")
    @Operation(summary = "台账记录（分页）", description = "可按单位、类别、文字、开始日期范围、导入批次筛选；身份证号、手机号脱敏。"
            + "按身份证号查找请用 POST …/entries/search")
    PageView<EntryView> list(@PathVariable long planId, @PathVariable String kind, @ModelAttribute LedgerApiFilter filter,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size, Actor actor) {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        return PageView.of(queries.list(actor, planId, ledger, filter.toFilter(), page, size), EntryView::of);
    }

    @PostMapping("/plans/{planId}/ledgers/{kind}/entries/search")
    @Operation(summary = "按身份证号查找", description = "请求体 {\"idNumber\":\"…\"}；身份证号不得出现在网址中")
    PageView<EntryView> search(@PathVariable long planId, @PathVariable String kind, @RequestBody SearchRequest request,
                               Actor actor) {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        String id = request.idNumber() == null ? "" : request.idNumber().strip();
        if (id.isEmpty()) throw input("请填写要查找的身份证号（idNumber）");
        LedgerQueries.Filter filter = new LedgerQueries.Filter(null, null, null, null, null, null, id);
        return PageView.of(queries.list(actor, planId, ledger, filter, request.page() == null ? 0 : request.page(),
                request.size() == null ? DEFAULT_PAGE_SIZE : request.size()), EntryView::of);
    }

    @PostMapping("/plans/{planId}/ledgers/{kind}/entries")
    @Operation(summary = "录入一条记录", description = "请求体为字段 key → 文本；与导入同样校验，重复记录答复 409")
    ResponseEntity<Created> create(@PathVariable long planId, @PathVariable String kind, @RequestBody Fields fields,
                                   Actor actor) {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        long id = entries.create(actor, planId, ledger, fields.values());
        return ResponseEntity.created(URI.create("/api/v1/ledger-entries/" + id)).body(new Created(id));
    }

    @GetMapping("/ledger-entries/{id}")
    @Operation(summary = "一条台账记录")
    EntryView entry(@PathVariable long id, Actor actor) {
        return EntryView.of(queries.entry(actor, id));
    }

    @PutMapping("/ledger-entries/{id}")
    @Operation(summary = "修改一条记录", description = "请求体 {\"version\":读取时的版本,\"fields\":{…全部字段}}；他人已修改时答复 409")
    EntryView update(@PathVariable long id, @RequestBody UpdateRequest request, Actor actor) {
        if (request.version() == null) throw input("请求缺少参数「version」：请提供读取时该记录的版本号");
        if (request.fields() == null) throw input("请求缺少参数「fields」：请提供记录的全部字段");
        entries.update(actor, id, request.version(), request.fields().values());
        return EntryView.of(queries.entry(actor, id));
    }

    @DeleteMapping("/ledger-entries/{id}")
    @Operation(summary = "删除一条记录", description = "原因放在请求体中：{\"reason\":\"…\"}，至少2个字")
    ResponseEntity<Void> delete(@PathVariable long id, @RequestBody(required = false) @Nullable DeleteRequest request,
                                Actor actor) {
        entries.delete(actor, id, request == null || request.reason() == null ? "" : request.reason());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/ledger-entries/{id}/reveal")
    @Operation(summary = "查看完整身份证号或手机号", description = "请求体 {\"field\":\"ID|PHONE\",\"reason\":\"…\"}；"
            + "需“查看完整个人信息”权限，每次留痕，每分钟最多20次；答复不缓存")
    ResponseEntity<Revealed> reveal(@PathVariable long id, @RequestBody RevealRequest request, Actor actor) {
        Reveals.Field field = revealField(request.field());
        String value = reveals.reveal(actor, id, field, request.reason() == null ? "" : request.reason());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache")
                .body(new Revealed(field.name(), value));
    }

    // ------------------------------------------------------------------ imports

    @PostMapping("/plans/{planId}/ledgers/{kind}/imports")
    @Operation(summary = "导入台账文件", description = "multipart：file（.xlsx，按模板）、mode（STRICT 默认 / VALID_ONLY）、"
            + "可选 jobId（UUID，用于查询进度）；答复导入报告。严格模式有错误行或文件不可用时答复 422，报告列出每个被拒行")
    ResponseEntity<Map<String, Object>> importFile(@PathVariable long planId, @PathVariable String kind,
                                                   @RequestParam("file") MultipartFile file,
                                                   @RequestParam(name = "mode", required = false) @Nullable String mode,
                                                   @RequestParam(name = "jobId", required = false) @Nullable String jobId,
                                                   Actor actor) throws IOException {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        ImportMode importMode = importMode(mode);
        String job = jobId == null || jobId.isBlank() ? null : jobId(jobId.strip());
        Path upload = Files.createTempFile("xiezuo-ledger-import-", ".xlsx");
        try {
            file.transferTo(upload);
            String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                    ? "台账.xlsx" : file.getOriginalFilename();
            ImportOutcome outcome = imports.importFile(actor, planId, ledger, upload, name, importMode, job);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("jobId", outcome.jobId());
            report.putAll(ImportReports.map(outcome));
            return ResponseEntity.ok(report);
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @GetMapping("/ledger-jobs/{jobId}")
    @Operation(summary = "导入进度", description = "status（RUNNING / DONE / REFUSED / FAILED）、已读行数、预计行数、百分比（未知为 -1）"
            + "和完成后的导入报告；中断的导入显示“导入中断，请重新导入”")
    JobView job(@PathVariable String jobId, Actor actor) {
        ImportJobs.Job job = jobs.find(actor, jobId);
        return new JobView(job.id(), job.kind().code(), job.status().name(), job.rowsRead(), job.rowsExpected(), job.percent(),
                result(job.result()));
    }

    @GetMapping("/plans/{planId}/ledger-batches")
    @Operation(summary = "导入批次", description = "可按台账类型（kind）筛选，新的在前")
    PageView<BatchView> batches(@PathVariable long planId, @RequestParam(name = "kind", required = false) @Nullable String kind,
                                @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size, Actor actor) {
        LedgerKind ledger = kind == null || kind.isBlank() ? null : LedgerFilesSupport.kind(kind);
        return PageView.of(queries.batches(actor, planId, ledger, page, size), BatchView::of);
    }

    @PostMapping("/ledger-batches/{id}/rollback")
    @Operation(summary = "回滚一个导入批次", description = "删除该批次新增的记录、恢复其修改过的记录；之后的批次又修改过时答复 409")
    RolledBack rollBack(@PathVariable long id, Actor actor) {
        imports.rollBack(actor, id);
        return new RolledBack(id, "ROLLED_BACK");
    }

    // ------------------------------------------------------------------ bindings and figures

    @GetMapping("/plans/{planId}/ledger-bindings")
    @Operation(summary = "指标与台账的关联")
    List<BindingView> bindings(@PathVariable long planId, Actor actor) {
        return bindings.ofPlan(actor, planId).stream().map(BindingView::of).toList();
    }

    @PutMapping("/plans/{planId}/ledger-bindings/{indicatorId}")
    @Operation(summary = "关联或改变指标的台账统计口径", description = "kind、measure（COUNT、DISTINCT_PERSONS …）、timeRule（NEW、ACTIVE …）、"
            + "category、poorOnly、inPark、minMonths、maxMonths")
    BindingView bind(@PathVariable long planId, @PathVariable long indicatorId, @RequestBody BindingRequest request,
                     Actor actor) {
        bindings.bind(actor, planId, indicatorId, spec(request));
        return bindings.of(indicatorId).map(BindingView::of).orElseThrow();
    }

    @DeleteMapping("/plans/{planId}/ledger-bindings/{indicatorId}")
    @Operation(summary = "取消关联", description = "该指标恢复由部门填报")
    ResponseEntity<Void> unbind(@PathVariable long planId, @PathVariable long indicatorId, Actor actor) {
        bindings.unbind(actor, planId, indicatorId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/plans/{planId}/indicators/{indicatorId}/records")
    @Operation(summary = "指标数值背后的台账记录（穿透）", description = "asOf 统计日（默认今天），分页")
    DrillDownView drillDown(@PathVariable long planId, @PathVariable long indicatorId,
                            @RequestParam(name = "asOf", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                            @Nullable LocalDate asOf,
                            @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size, Actor actor) {
        LedgerQueries.DrillDown d = queries.drillDown(actor, planId, indicatorId, asOf, page, size);
        return new DrillDownView(new IndicatorRef(d.indicator().id(), d.indicator().code(), d.indicator().name(),
                d.indicator().measureUnit()), BindingView.of(d.binding()), d.asOf(), d.value(),
                PageView.of(d.records(), EntryView::of));
    }

    @GetMapping("/plans/{planId}/indicator-values")
    @Operation(summary = "各指标截至某日的完成值及来源", description = "source：ledger（台账推算）、report（部门填报）、none")
    List<Map<String, Object>> indicatorValues(@PathVariable long planId,
                                              @RequestParam(name = "asOf", required = false)
                                              @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                              Actor actor) {
        return indicatorValues.asOf(actor, planId, asOf);
    }

    // ------------------------------------------------------------------ exports

    @GetMapping("/plans/{planId}/ledgers/{kind}/export.xlsx")
    @Operation(summary = "导出台账（脱敏）", description = "筛选参数同记录列表")
    void export(@PathVariable long planId, @PathVariable String kind, @ModelAttribute LedgerApiFilter filter, Actor actor,
                HttpServletResponse response) throws IOException {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        LedgerFilesSupport.send(response, LedgerExports.fileName(ledger, LedgerFilesSupport.today(clock), false),
                out -> exports.export(actor, planId, ledger, filter.toFilter(), false, out));
    }

    @PostMapping("/plans/{planId}/ledgers/{kind}/export-full.xlsx")
    @Operation(summary = "完整导出（含完整身份证号、手机号）", description = "需“完整导出”权限；留痕（筛选条件与行数）")
    void exportFull(@PathVariable long planId, @PathVariable String kind, @ModelAttribute LedgerApiFilter filter, Actor actor,
                    HttpServletResponse response) throws IOException {
        LedgerKind ledger = LedgerFilesSupport.kind(kind);
        LedgerFilesSupport.send(response, LedgerExports.fileName(ledger, LedgerFilesSupport.today(clock), true),
                out -> exports.export(actor, planId, ledger, filter.toFilter(), true, out));
    }

    // ------------------------------------------------------------------ refusals

    /**
     * A refused command as a problem detail: 429 for too many reveals (with {@code Retry-After}), 422 with
     * the import report for a refused import and with each field's problem for a refused form, 409 for
     * conflicts and states, 422 for any other input to correct.
     */
    @ExceptionHandler(BusinessRuleViolation.class)
    ResponseEntity<ProblemDetail> refused(BusinessRuleViolation refused, HttpServletRequest request) {
        HttpStatus status = refused instanceof Reveals.TooMany ? HttpStatus.TOO_MANY_REQUESTS
                : refused instanceof LedgerRefused || refused instanceof LedgerEntries.Invalid ? HttpStatus.UNPROCESSABLE_CONTENT
                : CONFLICTS.contains(refused.code()) ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.getMessage());
        problem.setTitle(switch (status) {
            case TOO_MANY_REQUESTS -> "请求过于频繁";
            case CONFLICT -> "操作未执行";
            default -> refused instanceof LedgerRefused ? "未导入" : "请求有误";
        });
        problem.setProperty("code", refused.code());
        if (refused instanceof LedgerRefused ledger) {
            ImportReports.map(ledger).forEach(problem::setProperty);
        } else if (refused instanceof LedgerEntries.Invalid invalid) {
            problem.setProperty("problems", problems(invalid.problems()));
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (status == HttpStatus.TOO_MANY_REQUESTS) answer.header(HttpHeaders.RETRY_AFTER, "60");
        return answer.body(problem);
    }

    /** A path variable of the wrong type is an address that does not exist (404); a query parameter is input (400). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        boolean path = e.getParameter().hasParameterAnnotation(PathVariable.class);
        HttpStatus status = path ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                path ? "请求的地址无效" : "参数「" + e.getName() + "」格式不正确" + (e.getRequiredType() == LocalDate.class
                        ? "，日期应为 yyyy-MM-dd" : ""));
        problem.setTitle(path ? "未找到" : "请求有误");
        problem.setProperty("code", path ? "not-found" : "bad-request");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).body(problem);
    }

    // ------------------------------------------------------------------ helpers

    private static BusinessRuleViolation input(String message) {
        return new BusinessRuleViolation("ledger.input", message);
    }

    private static List<Map<String, Object>> problems(List<RowProblem> problems) {
        return problems.stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("column", p.column() == null ? "" : p.column());
            row.put("message", p.message());
            return row;
        }).toList();
    }

    private static Reveals.Field revealField(@Nullable String field) {
        if (field != null) {
            for (Reveals.Field f : Reveals.Field.values()) {
                if (f.name().equalsIgnoreCase(field.strip()) || f.label().equals(field.strip())) return f;
            }
        }
        throw input("field 应为 ID（身份证号）或 PHONE（手机号）");
    }

    private static ImportMode importMode(@Nullable String mode) {
        if (mode == null || mode.isBlank()) return ImportMode.STRICT;
        String m = mode.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ImportMode value : ImportMode.values()) {
            if (value.name().equals(m) || value.label().equals(mode.strip())) return value;
        }
        throw input("mode 应为 STRICT（严格模式）或 VALID_ONLY（仅导入有效行）");
    }

    /** A job id chosen by the client so it can poll before the upload returns: a new UUID. */
    private String jobId(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw input("jobId 应为 UUID（如 " + UUID.randomUUID() + "）");
        }
        if (!uuid.toString().equalsIgnoreCase(id)) throw input("jobId 应为 UUID（如 " + UUID.randomUUID() + "）");
        String normal = uuid.toString();
        if (jobs.find(normal).isPresent()) throw new BusinessRuleViolation("ledger.job", "该 jobId 已被使用，请换用新的 UUID");
        return normal;
    }

    /** The stored import report as JSON, or the message of an interrupted import. */
    private static @Nullable Object result(@Nullable String result) {
        if (result == null) return null;
        if (result.startsWith("{")) {
            try {
                return JSON.readTree(result);
            } catch (RuntimeException unreadable) {
                return result;
            }
        }
        return result;
    }

    private static Bindings.Spec spec(BindingRequest r) {
        if (r.kind() == null || r.measure() == null || r.timeRule() == null) {
            throw new BusinessRuleViolation("binding.input", "请提供 kind、measure 和 timeRule");
        }
        LedgerKind kind = LedgerKind.byCode(r.kind()).or(() -> java.util.Arrays.stream(LedgerKind.values())
                        .filter(k -> k.name().equalsIgnoreCase(r.kind().strip())).findFirst())
                .orElseThrow(() -> new BusinessRuleViolation("binding.input", "kind 应为 " + LedgerKind.codes() + " 之一"));
        Measure measure = named(Measure.class, r.measure(), "measure");
        TimeRule timeRule = named(TimeRule.class, r.timeRule(), "timeRule");
        String category = r.category() == null || r.category().isBlank() ? null : r.category().strip();
        return new Bindings.Spec(kind, measure, timeRule, category, Boolean.TRUE.equals(r.poorOnly()), r.inPark(), r.minMonths(),
                r.maxMonths());
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name, String field) {
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BusinessRuleViolation("binding.input", field + " 应为 " + String.join("、",
                    java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + " 之一");
        }
    }
}
