package org.xiezuo.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Permission;

/**
 * Reveals one full ID or phone number of a record in scope to an account holding {@code PI_REVEAL},
 * with a reason; every reveal is an audit row (who, which record, which field, why — never the value)
 * and at most {@link #PER_MINUTE} reveals a minute per account are allowed, counted in the database.
 */
@Service
@Transactional
public class Reveals {

    public static final int PER_MINUTE = 20;

    public enum Field {
        ID("身份证号"), PHONE("手机号");

        private final String label;

        Field(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** Too many reveals in the last minute (answered 429). */
    public static class TooMany extends BusinessRuleViolation {
        TooMany() {
            super("reveal.rate", "查看完整个人信息过于频繁（每分钟最多" + PER_MINUTE + "次），请稍后再试");
        }
    }

    private final LedgerQueries queries;
    private final PersonalData personalData;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Reveals(LedgerQueries queries, PersonalData personalData, JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.queries = queries;
        this.personalData = personalData;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public String reveal(Actor actor, long entryId, Field field, String reason) {
        org.xiezuo.shared.Access.require(actor, Permission.PI_REVEAL);
        LedgerEntry entry = queries.entry(actor, entryId);
        String why = reason == null ? "" : reason.strip();
        if (why.length() < 2) throw new BusinessRuleViolation("reveal.reason", "请填写查看理由（至少2个字）");
        if (why.length() > 200) throw new BusinessRuleViolation("reveal.reason", "查看理由不能超过200字");
        if (entry.personId() == null) throw new NotFound("人员信息", entryId);
        Instant now = clock.instant();
        int recent = jdbc.sql("select count(*) from ledger_reveal where actor = :actor and revealed_at > :since")
                .param("actor", actor.name()).param("since", Timestamp.from(now.minus(Duration.ofMinutes(1))))
                .query(Integer.class).single();
        if (recent >= PER_MINUTE) throw new TooMany();
        var sealed = jdbc.sql(field == Field.ID ? "select id_key, id_cipher from ledger_person where id = :id"
                        : "select phone_key, phone_cipher from ledger_person where id = :id")
                .param("id", entry.personId())
                .query((rs, n) -> rs.getBytes(2) == null ? null : new PersonalData.Sealed(rs.getInt(1), rs.getBytes(2)))
                .optional().orElse(null);
        if (sealed == null) throw new NotFound(field.label(), entryId);
        String value = personalData.open(sealed.keyId(), sealed.bytes());
        jdbc.sql("insert into ledger_reveal (actor, entry_id, field, revealed_at) values (:actor, :entry, :field, :at)")
                .param("actor", actor.name()).param("entry", entryId).param("field", field.name()).param("at", Timestamp.from(now))
                .update();
        audit.record(actor, Event.success("PI_REVEALED", "ledger_entry", entryId, entry.planId(),
                "查看完整" + field.label() + "（" + entry.kind().label() + "台账，" + entry.idMask() + "），理由：" + why));
        return value;
    }
}
