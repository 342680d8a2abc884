package org.xiezuo.importer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.audit.Refusals;
import org.xiezuo.plan.OfficialTableLayout;
import org.xiezuo.plan.Plan;
import org.xiezuo.plan.PlanChanges;
import org.xiezuo.plan.PlanDefinition;
import org.xiezuo.plan.Planning;
import org.xiezuo.plan.Plans;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.FileNames;
import org.xiezuo.shared.Permission;
import org.xiezuo.unit.District;
import org.xiezuo.unit.Districts;
import org.xiezuo.unit.Organisation;
import org.xiezuo.unit.Unit;

import tools.jackson.databind.json.JsonMapper;

/**
 * The import of a task-book document: upload (parse, keep the file, create a draft), preview (the
 * plan as it will be saved, with warnings, unit matches and, for a re-import, the changes), adjust
 * (provinces, district, aliases, unit mapping), then confirm (everything in one transaction) or
 * cancel (nothing remains). The document is parsed before any transaction starts.
 */
@Service
public class DocumentImports {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TaskBookParser parser;
    private final Drafts drafts;
    private final SourceDocuments documents;
    private final Organisation organisation;
    private final Districts districts;
    private final Planning planning;
    private final Plans plans;
    private final AuditTrail audit;
    private final Refusals refusals;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate readOnly;

    DocumentImports(TaskBookParser parser, Drafts drafts, SourceDocuments documents, Organisation organisation,
                    Districts districts, Planning planning, Plans plans, AuditTrail audit, Refusals refusals,
                    Clock clock, PlatformTransactionManager transactions) {
        this.refusals = refusals;
        this.parser = parser;
        this.drafts = drafts;
        this.documents = documents;
        this.organisation = organisation;
        this.districts = districts;
        this.planning = planning;
        this.plans = plans;
        this.audit = audit;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** What a confirmed import did. */
    public record ImportResult(long planId, boolean created, @Nullable PlanChanges changes) {}

    /** Parses the document and keeps it as a draft for the preview; throws {@link ImportRejected} for unusable files. */
    public long upload(Actor actor, String originalName, byte[] content) {
        Access.require(actor, Permission.PLAN_IMPORT);
        String fileName = FileNames.sanitise(originalName);
        ParsedTaskBook book;
        try {
            book = parser.parse(fileName, content);
        } catch (ImportRejected rejected) {
            audit.recordAlone(actor, new Event("IMPORT_REJECTED", "import-draft", null, null, "FAILURE",
                    "文件「" + fileName + "」（" + content.length + "字节）未能导入：" + rejected.getMessage()));
            throw rejected;
        }
        return transaction.execute(status -> {
            purgeExpiredDrafts(actor);
            SourceDocument document = saveDocument(actor, fileName, content);
            Draft draft = drafts.save(Draft.of(document.id(), JSON.writeValueAsString(book), clock.instant(), actor.name()));
            audit.record(actor, Event.success("IMPORT_UPLOADED", "import-draft", draft.id(), null,
                    "%s（%d字节，SHA-256 %s）：%d项任务、%d项指标、%d条提示".formatted(fileName, content.length,
                            document.sha256().substring(0, 12), book.tasks().size(), book.indicators().size(),
                            book.warnings().size())));
            return draft.id();
        });
    }

    /** Parses and imports in one step (command line, demo data): creates the plan or, when asked, updates it. */
    public ImportResult importDocument(Actor actor, String originalName, byte[] content, boolean update, boolean demo) {
        Access.require(actor, Permission.PLAN_IMPORT);
        String fileName = FileNames.sanitise(originalName);
        ParsedTaskBook book = parser.parse(fileName, content);
        return transaction.execute(status -> {
            SourceDocument document = saveDocument(actor, fileName, content);
            Draft draft = drafts.save(Draft.of(document.id(), JSON.writeValueAsString(book), clock.instant(), actor.name()));
            return confirmDraft(actor, draft, book, DraftSettings.none(), update, demo);
        });
    }

    public ImportPreview preview(Actor actor, long draftId) {
        Draft draft = readOnly.execute(s -> ownDraft(actor, draftId));
        SourceDocument document = readOnly.execute(s -> documents.require(draft.sourceDocumentId()));
        ParsedTaskBook book = parsed(draft);
        DraftSettings settings = settings(draft);
        DraftConversion conversion = new DraftConversion(book, settings);
        String districtName = conversion.districtName();
        Optional<District> named = districtName == null ? Optional.empty()
                : readOnly.execute(s -> districts.findByName(districtName));
        // another district's units and plans are none of this actor's business: not shown, and a problem
        Optional<District> district = named.filter(d -> Access.reachesDistrict(actor, Permission.PLAN_IMPORT, d.id()));
        List<Unit> known = district.map(d -> readOnly.execute(s -> organisation.unitsOf(d.id()))).orElse(List.of());
        String regionPrefix = book.plan().eastRegion();

        List<ImportPreview.UnitPreview> units = new ArrayList<>();
        for (ParsedTaskBook.Unit unit : book.units()) {
            Long chosen = conversion.existingUnitOf(unit);
            Optional<Unit> match = chosen != null ? known.stream().filter(u -> u.id().equals(chosen)).findFirst()
                    : district.flatMap(d -> readOnly.execute(s -> organisation.match(d.id(), unit.name(), regionPrefix)));
            List<String> similar = match.isPresent() || district.isEmpty() ? List.of()
                    : readOnly.execute(s -> organisation.similar(district.get().id(), unit.name(), regionPrefix, 3))
                            .stream().map(Unit::name).toList();
            long tasks = book.tasks().stream().filter(t -> t.units().contains(unit.name())).count();
            long indicators = book.indicators().stream().filter(i -> i.responsible().contains(unit.name())).count();
            units.add(new ImportPreview.UnitPreview(unit.name(), conversion.aliasesOf(unit), unit.fromSection(),
                    unit.location(), match.map(Unit::id).orElse(null), match.map(Unit::name).orElse(null), chosen != null,
                    similar, (int) tasks, (int) indicators));
        }
        List<ImportPreview.UnitOption> options = known.stream().map(u -> new ImportPreview.UnitOption(u.id(), u.name())).toList();

        ImportPreview.ExistingPlan existing = null;
        PlanChanges changes = null;
        List<String> problems = new ArrayList<>(conversion.problems());
        if (named.isPresent() && district.isEmpty()) {
            problems.add("本账号只能导入本地区的任务书，不能导入「" + districtName + "」的任务书");
        } else if (named.isEmpty() && districtName != null
                && Access.visibleDistricts(actor, Permission.PLAN_IMPORT).isPresent()) {
            problems.add("本账号只能导入本地区的任务书，不能新建地区「" + districtName + "」");
        }
        if (district.isPresent() && conversion.title() != null) {
            Optional<Plan> same = readOnly.execute(s -> plans.findSameNotice(district.get().id(), conversion.title(),
                    book.plan().docNumber()));
            if (same.isPresent() && draft.status() == DraftStatus.PENDING) {
                Plan plan = same.get();
                existing = new ImportPreview.ExistingPlan(plan.id(), plan.title(), plan.documentNumber());
                if (problems.isEmpty()) changes = simulateChanges(actor, plan, district.get(), conversion);
            }
        }
        List<OfficialTableLayout.Cells<ParsedTaskBook.Indicator>> cells = book.indicators().stream()
                .map(i -> new OfficialTableLayout.Cells<>(i.category(), i.code(), i.name(), i.measureUnit(),
                        i.statisticsOnly() ? "只作统计，不作考核" : i.target() != null
                                ? org.xiezuo.shared.ExactDecimal.format(i.target()) : i.targetText().isBlank() ? "-" : i.targetText(),
                        i.statisticsOnly(), i.responsible(), i))
                .toList();
        return new ImportPreview(draft.id(), draft.version(), draft.status(), document.fileName(), document.sizeBytes(),
                draft.createdBy(), draft.createdAt(), book, conversion.title(), conversion.year(), districtName,
                conversion.eastProvince(), conversion.westProvince(), district.isPresent(), units, options, problems,
                existing, changes, draft.planId(), OfficialTableLayout.of(cells));
    }

    /** The changes an update would make, computed in a transaction that is always rolled back. */
    private PlanChanges simulateChanges(Actor actor, Plan plan, District district, DraftConversion conversion) {
        return transaction.execute(status -> {
            status.setRollbackOnly();
            Map<String, Long> ids = organisation.ensureUnits(actor, district.id(), conversion.unitSpecs(), plan.id());
            return planning.compare(plan.id(), conversion.definition(ids));
        });
    }

    /** Stores what the user changed in the preview. */
    public void adjust(Actor actor, long draftId, int expectedVersion, DraftSettings settings) {
        Access.require(actor, Permission.PLAN_IMPORT);
        transaction.executeWithoutResult(status -> {
            Draft draft = ownDraft(actor, draftId);
            expectVersion(draft, expectedVersion);
            if (settings.year() != null && (settings.year() < 2000 || settings.year() > 2100)) {
                throw new BusinessRuleViolation("import.year", "年度应在2000至2100之间");
            }
            draft.adjust(JSON.writeValueAsString(settings));
            drafts.save(draft);
        });
    }

    /** Saves the plan (or, with {@code update}, brings the existing one in line) in one transaction. */
    public ImportResult confirm(Actor actor, long draftId, int expectedVersion, boolean update) {
        Access.require(actor, Permission.PLAN_IMPORT);
        return transaction.execute(status -> {
            Draft draft = ownDraft(actor, draftId);
            expectVersion(draft, expectedVersion);
            return confirmDraft(actor, draft, parsed(draft), settings(draft), update, false);
        });
    }

    private ImportResult confirmDraft(Actor actor, Draft draft, ParsedTaskBook book, DraftSettings settings, boolean update,
                                      boolean demo) {
        DraftConversion conversion = new DraftConversion(book, settings);
        List<String> problems = conversion.problems();
        if (!problems.isEmpty()) {
            throw new BusinessRuleViolation("import.problems", "导入前须先解决：" + String.join("；", problems));
        }
        String districtName = demo ? conversion.districtName() + "（演示）" : conversion.districtName();
        District district = organisation.ensureDistrict(actor, districtName, conversion.eastProvince());
        organisation.lockDistrict(district.id());
        Optional<Plan> existing = plans.findSameNotice(district.id(), conversion.title(), book.plan().docNumber());
        if (existing.isPresent() && !update) {
            throw new ImportRefused("import.duplicate", "已存在相同文号和标题的任务书「" + existing.get().title()
                    + "」（编号 " + existing.get().id() + "），未重复导入；如需按本文件更新，请选择“更新已有任务书”",
                    existing.get().id());
        }
        Map<String, Long> unitIds = organisation.ensureUnits(actor, district.id(), conversion.unitSpecs(),
                existing.map(Plan::id).orElse(null));
        PlanDefinition definition = conversion.definition(unitIds);
        SourceDocument document = documents.require(draft.sourceDocumentId());
        ImportResult result;
        if (existing.isPresent()) {
            long planId = existing.get().id();
            PlanChanges changes = planning.bringInLine(actor, planId, definition,
                    "按重新导入的文件「" + document.fileName() + "」更新", document.id());
            result = new ImportResult(planId, false, changes);
        } else {
            result = new ImportResult(planning.create(actor, district.id(), definition, demo, document.id()), true, null);
        }
        draft.confirm(result.planId());
        drafts.save(draft);
        audit.record(actor, Event.success("IMPORT_CONFIRMED", "import-draft", draft.id(), result.planId(),
                (result.created() ? "导入" : "更新") + "自文件「" + document.fileName() + "」（SHA-256 "
                        + document.sha256().substring(0, 12) + "）"));
        return result;
    }

    /** Cancels the import: the draft and the uploaded file are deleted. */
    public void cancel(Actor actor, long draftId) {
        Access.require(actor, Permission.PLAN_IMPORT);
        transaction.executeWithoutResult(status -> {
            Draft draft = ownDraft(actor, draftId);
            draft.cancel();
            drafts.delete(draft);
            documents.deleteById(draft.sourceDocumentId());
            audit.record(actor, Event.success("IMPORT_CANCELLED", "import-draft", draftId, null, "取消导入"));
        });
    }

    /** The uploaded document of a plan, for download. */
    public record StoredDocument(String fileName, String contentType, byte[] content) {}

    public StoredDocument document(Actor actor, long documentId) {
        Access.require(actor, Permission.PLAN_READ);
        // the file of a plan is for whoever sees the plan; the file of a draft only for its uploader
        SourceDocument document = readOnly.execute(s -> documents.require(documentId));
        Optional<Plan> plan = readOnly.execute(s -> plans.findBySourceDocumentId(documentId));
        boolean visible = plan.isPresent()
                ? Access.seesDistrict(actor, Permission.PLAN_READ, plan.get().districtId())
                : readOnly.execute(s -> drafts.findBySourceDocumentId(documentId))
                        .filter(d -> d.createdBy().equals(actor.name())).isPresent();
        if (!visible) throw refusals.hidden(actor, "任务书文件", documentId);
        audit.recordAlone(actor, Event.success("DOCUMENT_DOWNLOADED", "source-document", documentId,
                plan.map(Plan::id).orElse(null), "下载任务书原件「" + document.fileName() + "」，" + document.content().length + " 字节"));
        return new StoredDocument(document.fileName(), document.contentType(), document.content());
    }

    /** A draft belongs to whoever uploaded it; anyone else is told it does not exist (and audited). */
    private Draft ownDraft(Actor actor, long draftId) {
        Access.require(actor, Permission.PLAN_IMPORT);
        Draft draft = drafts.require(draftId);
        if (!draft.createdBy().equals(actor.name())) throw refusals.hidden(actor, "导入草稿", draftId);
        return draft;
    }

    private void purgeExpiredDrafts(Actor actor) {
        List<Draft> expired = drafts.findExpired(clock.instant().minus(parser.settings().draftLifetime()));
        for (Draft draft : expired) {
            drafts.delete(draft);
            documents.deleteById(draft.sourceDocumentId());
            audit.record(actor, Event.success("IMPORT_EXPIRED", "import-draft", draft.id(), null, "超过保留期限未确认，已删除"));
        }
    }

    private SourceDocument saveDocument(Actor actor, String fileName, byte[] content) {
        return documents.save(new SourceDocument(null, fileName, contentType(fileName), content.length, sha256(content),
                content, clock.instant(), actor.name()));
    }

    private static String contentType(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (lower.endsWith(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "text/markdown; charset=UTF-8";
        return "text/plain; charset=UTF-8";
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ParsedTaskBook parsed(Draft draft) {
        return JSON.readValue(draft.parsed(), ParsedTaskBook.class);
    }

    private static DraftSettings settings(Draft draft) {
        return draft.settings() == null ? DraftSettings.none() : JSON.readValue(draft.settings(), DraftSettings.class);
    }

    private static void expectVersion(Draft draft, int expected) {
        if (draft.version() != expected) {
            throw new OptimisticLockingFailureException("该导入已被他人修改，请刷新后重试");
        }
    }
}
