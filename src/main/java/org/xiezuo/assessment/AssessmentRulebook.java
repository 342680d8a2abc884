package org.xiezuo.assessment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;

/**
 * A plan's assessment rules, versioned: every change is a new version (who, when, why) and the old ones
 * stay, so an assessment "as known on" a past day uses the rules in force then. A plan never configured
 * has the defaults ({@link AssessmentRules#DEFAULTS}, version 0).
 */
@Component
@Transactional(readOnly = true)
public class AssessmentRulebook {

    private static final String SELECT = """
            select version, lagging_ratio, bands, category_weights, indicator_weights, reason, created_by, created_at,
                   supervision_deduction
              from assessment_rules where plan_id = :plan and created_at < :before
             order by version desc
            """;

    /** One stored version and who made it. */
    public record Version(AssessmentRules rules, @Nullable String reason, String createdBy, Instant createdAt) {}

    private final JdbcClient jdbc;
    private final PlanQueries plans;
    private final AuditTrail audit;
    private final Clock clock;

    AssessmentRulebook(JdbcClient jdbc, PlanQueries plans, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.audit = audit;
        this.clock = clock;
    }

    /** The rules in force now, or (with {@code knownBefore}) the newest version made before then. */
    public AssessmentRules inForce(long planId, @Nullable Instant knownBefore) {
        List<Version> versions = read(planId, knownBefore, 1);
        return versions.isEmpty() ? AssessmentRules.DEFAULTS : versions.get(0).rules();
    }

    /** Every stored version, newest first. */
    public List<Version> history(Actor actor, long planId) {
        plans.book(actor, planId);
        return read(planId, null, 100);
    }

    private List<Version> read(long planId, @Nullable Instant before, int limit) {
        return jdbc.sql(SELECT).param("plan", planId)
                .param("before", Timestamp.from(before != null ? before : Instant.parse("9999-12-31T00:00:00Z")))
                .query((rs, n) -> new Version(new AssessmentRules(rs.getInt(1), rs.getBigDecimal(2),
                        AssessmentRules.parseBands(rs.getString(3)), AssessmentRules.parseWeights(rs.getString(4), "类别权重"),
                        ids(AssessmentRules.parseWeights(rs.getString(5), "指标权重")), rs.getBigDecimal(9)), rs.getString(6), rs.getString(7),
                        rs.getTimestamp(8).toInstant()))
                .stream().limit(limit).toList();
    }

    private static Map<Long, BigDecimal> ids(Map<String, BigDecimal> weights) {
        Map<Long, BigDecimal> byId = new LinkedHashMap<>();
        weights.forEach((id, weight) -> byId.put(Long.parseLong(id), weight));
        return byId;
    }

    /**
     * Saves a new version: the lagging ratio, the bands ("名称=最低分" lines), category weights by name and
     * indicator weights by id (only categories and indicators of the plan; a blank weight means the default).
     */
    @Transactional
    public AssessmentRules save(Actor actor, long planId, BigDecimal laggingRatio, String bandsText,
                                Map<String, BigDecimal> categoryWeights, Map<Long, BigDecimal> indicatorWeights,
                                @Nullable String reason) {
        return save(actor, planId, laggingRatio, bandsText, categoryWeights, indicatorWeights,
                inForce(planId, null).supervisionDeduction(), reason);
    }

    /** As above, with the points a unit loses per supervision answer that turned red (0: off). */
    @Transactional
    public AssessmentRules save(Actor actor, long planId, BigDecimal laggingRatio, String bandsText,
                                Map<String, BigDecimal> categoryWeights, Map<Long, BigDecimal> indicatorWeights,
                                BigDecimal supervisionDeduction, @Nullable String reason) {
        Access.require(actor, Permission.ASSESSMENT_CONFIGURE);
        PlanBook book = plans.book(actor, planId);
        if (!Access.reachesDistrict(actor, Permission.ASSESSMENT_CONFIGURE, book.plan().districtId())) {
            throw new AccessDenied("无权设置该任务书的考核规则");
        }
        for (String category : categoryWeights.keySet()) {
            if (book.indicators().stream().noneMatch(i -> i.category().equals(category))) {
                throw new BusinessRuleViolation("assessment.category", "任务书中没有类别「" + category + "」");
            }
        }
        for (Long id : indicatorWeights.keySet()) {
            if (book.indicators().stream().noneMatch(i -> i.id() == id)) {
                throw new BusinessRuleViolation("assessment.indicator", "任务书中没有编号为 " + id + " 的指标");
            }
        }
        String why = reason == null ? null : reason.strip();
        if (why != null && why.length() > 500) throw new BusinessRuleViolation("assessment.reason", "修改原因最多500个字");
        AssessmentRules before = inForce(planId, null);
        int version = before.version() + 1;
        AssessmentRules rules = new AssessmentRules(version, laggingRatio, AssessmentRules.parseBands(bandsText),
                categoryWeights, indicatorWeights, supervisionDeduction);
        Map<String, BigDecimal> byId = new LinkedHashMap<>();
        rules.indicatorWeights().forEach((id, w) -> byId.put(String.valueOf(id), w));
        jdbc.sql("""
                insert into assessment_rules (plan_id, version, lagging_ratio, bands, category_weights, indicator_weights,
                                              supervision_deduction, reason, created_by, created_at)
                values (:plan, :version, :ratio, :bands, :categories, :indicators, :deduction, :reason, :by, :at)
                """).param("plan", planId).param("version", version).param("ratio", rules.laggingRatio())
                .param("bands", rules.bandsText()).param("categories", AssessmentRules.weightsText(rules.categoryWeights()))
                .param("indicators", AssessmentRules.weightsText(byId)).param("deduction", rules.supervisionDeduction()).param("reason", why)
                .param("by", actor.name()).param("at", Timestamp.from(clock.instant())).update();
        audit.record(actor, Event.success("ASSESSMENT_RULES_CHANGED", "plan", planId, planId,
                "考核规则第 " + version + " 版：滞后阈值 " + rules.laggingRatio().toPlainString() + "，等次 "
                        + rules.bandsText().replace('\n', '、') + "，类别权重 " + rules.categoryWeights().size()
                        + " 项，指标权重 " + rules.indicatorWeights().size() + " 项，督办扣分每件 "
                        + rules.supervisionDeduction().toPlainString() + " 分" + (why == null || why.isEmpty() ? "" : "；原因：" + why)));
        return rules;
    }
}
