package org.xiezuo.ledger;

import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;
import org.xiezuo.unit.UnitNames;

/**
 * Records entered and corrected by hand: a new record goes through the same checks and de-duplication as an
 * import row (so a typed record that repeats one is refused as a duplicate); a correction checks the
 * version it was read at; a deletion needs a reason. All audited, personal data only masked.
 */
@Service
@Transactional
public class LedgerEntries {

    private final LedgerImports imports;
    private final LedgerQueries queries;
    private final LedgerScope scope;
    private final PersonalData personalData;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    LedgerEntries(LedgerImports imports, LedgerQueries queries, LedgerScope scope, PersonalData personalData, JdbcClient jdbc,
                  AuditTrail audit, Clock clock) {
        this.imports = imports;
        this.queries = queries;
        this.scope = scope;
        this.personalData = personalData;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Form fields refused, each with its column's header; the form shows them next to the fields. */
    public static class Invalid extends BusinessRuleViolation {
        private final transient List<RowProblem> problems;

        Invalid(List<RowProblem> problems) {
            super("ledger.form", "填写有误：" + String.join("；", problems.stream()
                    .map(p -> "【" + p.column() + "】" + p.message()).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<RowProblem> problems() { return problems; }
    }

    /** Adds one record; returns its id. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public long create(Actor actor, long planId, LedgerKind kind, Map<String, String> form) {
        ImportOutcome outcome;
        try {
            outcome = imports.run(actor, planId, kind, new LedgerImports.FileInfo("手工录入", null), ImportMode.STRICT,
                    new FormRow(kind.columns(), form), null);
        } catch (LedgerRefused refused) {
            throw new Invalid(refused.problems());
        }
        if (outcome.accepted() == 0) {
            throw new BusinessRuleViolation("ledger.duplicate", outcome.updated() > 0
                    ? "已有同一条记录，已按本次填写更新" : "台账中已有同一条记录，未重复登记");
        }
        return jdbc.sql("select max(id) from ledger_entry where plan_id = :plan and kind = :kind and created_by = :actor")
                .param("plan", planId).param("kind", kind.name()).param("actor", actor.name()).query(Long.class).single();
    }

    /** Corrects a record read at {@code version}; refused when someone changed it since. */
    public void update(Actor actor, long entryId, int version, Map<String, String> form) {
        LedgerEntry before = queries.entry(actor, entryId);
        PlanBook book = scope.plan(actor, Permission.LEDGER_EDIT, before.planId());
        if (before.unitId() != null && LedgerScope.outOfScope(actor, Permission.LEDGER_EDIT, book, before.unitId()) != null) {
            throw new NotFound("台账记录", entryId);
        }
        LedgerKind kind = before.kind();
        Map<String, @Nullable Object> values = new HashMap<>();
        List<RowProblem> problems = new ArrayList<>();
        new FormRow(kind.columns(), form).parse(values, problems);
        RowMapping mapping = new RowMapping(kind, LedgerScope.context(actor, book, LocalDate.now(clock.withZone(LedgerImports.CHINA)), personalData));
        List<RowProblem> own = new ArrayList<>();
        EntryDraft draft = mapping.map(FormRow.ROW, values, own::add);
        problems.addAll(own.stream().filter(p -> problems.stream().noneMatch(q -> String.valueOf(q.column()).equals(String.valueOf(p.column())))).toList());
        if (!problems.isEmpty() || draft == null) throw new Invalid(problems);
        Integer current = jdbc.sql("select version from ledger_entry where id = :id for update").param("id", entryId)
                .query(Integer.class).optional().orElseThrow(() -> new NotFound("台账记录", entryId));
        if (current != version) {
            throw new BusinessRuleViolation("ledger.conflict", "该记录已被他人修改，请刷新后重新填写");
        }
        Long personId = draft.person() == null ? null : person(before.planId(), draft.person());
        try {
            jdbc.sql("""
                    update ledger_entry set natural_key = :key, facts = :facts, person_id = :person, unit_id = :unit,
                        category = :category, subject = :subject, region = :region, starts_on = :starts, ends_on = :ends,
                        planned_end = :planned, months = :months, amount = :amount, amount_unit = :amountUnit,
                        amount_yuan = :yuan, n1 = :n1, n2 = :n2, n3 = :n3, n4 = :n4, flag = :flag, details = :details,
                        updated_by = :actor, updated_at = :at, version = version + 1
                    where id = :id""")
                    .param("key", draft.naturalKey()).param("facts", draft.facts())
                    .param("person", new SqlParameterValue(Types.BIGINT, personId))
                    .param("unit", new SqlParameterValue(Types.BIGINT, draft.unitId() != null ? draft.unitId() : before.unitId()))
                    .param("category", draft.category()).param("subject", draft.subject()).param("region", draft.region())
                    .param("starts", Date.valueOf(draft.startsOn())).param("ends", date(draft.endsOn()))
                    .param("planned", date(draft.plannedEnd())).param("months", new SqlParameterValue(Types.INTEGER, draft.months()))
                    .param("amount", new SqlParameterValue(Types.NUMERIC, draft.amount())).param("amountUnit", draft.amountUnit())
                    .param("yuan", new SqlParameterValue(Types.NUMERIC, draft.amountYuan()))
                    .param("n1", new SqlParameterValue(Types.INTEGER, draft.n1())).param("n2", new SqlParameterValue(Types.INTEGER, draft.n2()))
                    .param("n3", new SqlParameterValue(Types.INTEGER, draft.n3())).param("n4", new SqlParameterValue(Types.INTEGER, draft.n4()))
                    .param("flag", new SqlParameterValue(Types.BOOLEAN, draft.flag())).param("details", draft.details())
                    .param("actor", actor.name()).param("at", Timestamp.from(clock.instant())).param("id", entryId).update();
        } catch (DuplicateKeyException e) {
            throw new BusinessRuleViolation("ledger.duplicate", "修改后与台账中已有的另一条记录相同");
        }
        if (draft.unitId() != null && before.unitId() != null && !draft.unitId().equals(before.unitId())) {
            // the entry's unit is its first attribution (ADR 0020): the unit it had stays attributed as a further one
            jdbc.sql("""
                    insert into ledger_attribution (entry_id, unit_id) select :id, :unit
                    where not exists (select 1 from ledger_attribution where entry_id = :id and unit_id = :unit)""")
                    .param("id", entryId).param("unit", before.unitId()).update();
            jdbc.sql("delete from ledger_attribution where entry_id = :id and unit_id = :unit")
                    .param("id", entryId).param("unit", draft.unitId()).update();
        }
        removeOrphans(before.planId());
        LedgerEntry after = queries.entry(actor, entryId);
        audit.record(actor, Event.success("LEDGER_ENTRY_CHANGED", "ledger_entry", entryId, before.planId(),
                kind.label() + "台账记录已修改：" + Summaries.changes(kind, before, after)));
    }

    /** Deletes a record with a reason. */
    public void delete(Actor actor, long entryId, String reason) {
        LedgerEntry entry = queries.entry(actor, entryId);
        PlanBook book = scope.plan(actor, Permission.LEDGER_EDIT, entry.planId());
        if (entry.unitId() != null && LedgerScope.outOfScope(actor, Permission.LEDGER_EDIT, book, entry.unitId()) != null) {
            throw new NotFound("台账记录", entryId);
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2) throw new BusinessRuleViolation("ledger.reason", "请填写删除原因（至少2个字）");
        jdbc.sql("delete from ledger_entry_before where entry_id = :id").param("id", entryId).update();
        jdbc.sql("delete from ledger_entry where id = :id").param("id", entryId).update();
        removeOrphans(entry.planId());
        audit.record(actor, Event.success("LEDGER_ENTRY_DELETED", "ledger_entry", entryId, entry.planId(),
                entry.kind().label() + "台账记录已删除（" + Summaries.of(entry) + "），原因：" + why));
    }

    private long person(long planId, EntryDraft.Person person) {
        return jdbc.sql("select id from ledger_person where plan_id = :plan and id_hash = :hash")
                .param("plan", planId).param("hash", person.idHash()).query(Long.class).optional().orElseGet(() -> {
                    var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
                    jdbc.sql("""
                            insert into ledger_person (plan_id, id_hash, id_cipher, id_key, id_mask, person_name, phone_cipher,
                                phone_key, phone_mask, created_at)
                            values (:plan, :hash, :cipher, :key, :mask, :name, :phone, :phoneKey, :phoneMask, :at)""")
                            .param("plan", planId).param("hash", person.idHash()).param("cipher", person.idCipher())
                            .param("key", person.idKey()).param("mask", person.idMask()).param("name", person.name())
                            .param("phone", new SqlParameterValue(Types.VARBINARY, person.phoneCipher()))
                            .param("phoneKey", new SqlParameterValue(Types.INTEGER, person.phoneKey()))
                            .param("phoneMask", person.phoneMask()).param("at", Timestamp.from(clock.instant()))
                            .update(keys, "id");
                    return java.util.Objects.requireNonNull(keys.getKey()).longValue();
                });
    }

    private void removeOrphans(long planId) {
        LedgerScope.removeOrphanPersons(jdbc, planId);
    }


    private static SqlParameterValue date(@Nullable LocalDate date) {
        return new SqlParameterValue(Types.DATE, date == null ? null : Date.valueOf(date));
    }
}
