package org.xiezuo.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.assessment.Assessor;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.Bindings;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.notification.Deliveries;
import org.xiezuo.notification.Inbox;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.NewAccount;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.AccessDenied;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;
import org.xiezuo.support.MutableClock;

/**
 * Supervision orders through the services with a clock in 2021: the daily job drafts an order for a
 * 严重滞后 indicator at a period's close and for a report overdue more than 5 days, once; issuing numbers
 * orders per plan and year and notifies the unit; the unit answers, the office returns and closes;
 * transitions outside the table and other units are refused; late answers escalate yellow then red,
 * notified once per level; the .docx notice carries the number. Runs on H2 and PostgreSQL.
 */
abstract class SupervisionContract {

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired Bindings bindings;
    @Autowired Supervision supervision;
    @Autowired SupervisionQueries queries;
    @Autowired SupervisionJob job;
    @Autowired AccountAdministration accounts;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;
    @Autowired ApplicationContext context;
    @Autowired org.xiezuo.assessment.AssessmentRulebook rulebook;
    @Autowired Assessor assessor;

    ScopeFixture district;
    long planId;
    long education;
    Actor office;
    Actor reporter;
    Actor otherReporter;
    PlanBook.IndicatorRow schools;

    static Instant china(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(Assessor.ZONE).toInstant();
    }

    @BeforeEach
    void aPlanImportedInJanuary2021() {
        clock.setTo(china("2021-01-10T09:00"));
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(documents, planQueries, "督办测试区" + tag);
        planId = district.planId();
        DepartmentReporting.of(bindings, district.book(), "3");
        education = district.unit("区教育局");
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
        accounts.create(Actor.cliAdministrator("t"), new NewAccount("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR),
                Set.of(district.unit("区发改局")), null, null, "Tmp-Pass-2026!x"));
        accounts.create(Actor.cliAdministrator("t"), new NewAccount("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education),
                null, null, "Tmp-Pass-2026!x"));
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")),
                Set.of(district.districtId()));
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        otherReporter = Actor.user("wj-" + tag, "卫健局填报员", Set.of(Role.REPORTER), Set.of(district.unit("区卫健局")),
                Set.of(district.districtId()));
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** Every order of the plan (the list pages by 100; this reads them all). */
    List<Order> orders() {
        return jdbc.sql("select id from supervision_order where plan_id = :plan order by id").param("plan", planId).query(Long.class)
                .list().stream().map(queries::find).toList();
    }

    Order autoOrderFor(long indicatorId) {
        return orders().stream().filter(o -> o.automatic() && Long.valueOf(indicatorId).equals(o.indicatorId())).findFirst().orElseThrow();
    }

    List<String> titles(Actor actor) {
        Deliveries.deliverNow(context);
        return inbox.list(actor, false, 0, 100).items().stream().map(Inbox.Item::title).toList();
    }

    @Test
    void theDailyJobDraftsAnOrderForASeriouslyBehindIndicatorAtAPeriodsCloseOnce() {
        clock.setTo(china("2021-07-02T09:00"));
        LocalDate today = LocalDate.of(2021, 7, 2);
        int drafted = job.draft(planId, today);
        assertThat(drafted).isPositive();
        Order order = autoOrderFor(schools.id());
        assertThat(order.status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(order.kind()).isEqualTo(MatterKind.INDICATOR);
        assertThat(order.number()).isNull();
        assertThat(order.parts()).extracting(Order.Part::unitId).containsExactly(education);
        assertThat(order.matter()).contains("参与结对的东部学校数").contains("2021年6月30日").contains("严重滞后");
        assertThat(order.evidence()).contains("完成0个").contains("目标4个").contains("完成率0.00%").contains("状态为严重滞后");
        // again the same day and the next: nothing new for June's close
        assertThat(job.draft(planId, today)).isZero();
        assertThat(job.draft(planId, today.plusDays(1))).isZero();
        // reports overdue more than 5 days: June's deadline is 5 July, so from 11 July (May's, 5 June, already)
        assertThat(orders()).anySatisfy(o -> assertThat(o.matter()).startsWith("区教育局2021年5月进展报告逾期未报"));
        job.draft(planId, LocalDate.of(2021, 7, 10));
        long overdueBefore = orders().stream().filter(o -> o.kind() == MatterKind.OVERDUE_REPORT && o.matter().contains("2021年6月进展报告")).count();
        assertThat(overdueBefore).isZero();
        job.draft(planId, LocalDate.of(2021, 7, 11));
        assertThat(orders()).anySatisfy(o -> {
            assertThat(o.kind()).isEqualTo(MatterKind.OVERDUE_REPORT);
            assertThat(o.matter()).startsWith("区教育局2021年6月进展报告逾期未报");
            assertThat(o.parts()).extracting(Order.Part::unitId).containsExactly(education);
        });
        // a draft is the office's: a unit's reader does not see it
        assertThat(queries.list(reporter, planId, 0, 100).items()).isEmpty();
    }

    @Test
    void anOrderIsIssuedWithItsNumberAnsweredReturnedAnsweredAndClosed() throws Exception {
        clock.setTo(china("2021-07-02T09:00"));
        long first = supervision.draft(office, planId, new Supervision.Draft(MatterKind.INDICATOR, schools.id(), null, null,
                "“参与结对的东部学校数”进度滞后", "请报送整改措施", LocalDate.of(2021, 7, 9), List.of(education)));
        long second = supervision.draft(office, planId, new Supervision.Draft(MatterKind.OTHER, null, null, null,
                "东西部协作信息报送不及时", "请按时报送", LocalDate.of(2021, 7, 9), List.of(education, district.unit("区卫健局"))));
        Order issued = supervision.issue(office, first, queries.find(first).version());
        String prefix = supervision.prefix(district.book().plan().district());
        assertThat(issued.number()).isEqualTo(prefix + "〔2021〕1号");
        assertThat(issued.status()).isEqualTo(OrderStatus.ISSUED);
        assertThat(issued.evidence()).contains("截至2021年7月2日");
        assertThat(supervision.issue(office, second, queries.find(second).version()).number()).isEqualTo(prefix + "〔2021〕2号");
        assertThatThrownBy(() -> supervision.issue(office, first, queries.find(first).version()))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("当前状态不允许此操作");
        assertThat(titles(reporter)).contains("收到督办单 " + prefix + "〔2021〕1号");

        Order.Part part = queries.find(first).parts().get(0);
        // the table of transitions: an issued part cannot be closed; another unit cannot answer
        assertThatThrownBy(() -> supervision.close(office, part.id(), part.version()))
                .isInstanceOf(BusinessRuleViolation.class).hasMessageContaining("当前状态不允许此操作");
        assertThatThrownBy(() -> supervision.answer(otherReporter, part.id(), "措施", LocalDate.of(2021, 8, 1), part.version()))
                .isInstanceOf(AccessDenied.class);
        assertThatThrownBy(() -> supervision.close(reporter, part.id(), part.version())).isInstanceOf(AccessDenied.class);

        clock.setTo(china("2021-07-05T10:00"));
        supervision.answer(reporter, part.id(), "已与万源市对接两所学校", LocalDate.of(2021, 8, 31), part.version());
        Order.Part answered = queries.find(first).parts().get(0);
        assertThat(answered.state()).isEqualTo(PartState.ANSWERED);
        assertThat(answered.answeredBy()).isEqualTo(reporter.name());
        assertThat(titles(office)).anySatisfy(t -> assertThat(t).startsWith("区教育局已反馈督办单"));

        supervision.returnPart(office, part.id(), "措施不具体，请列出学校名单", answered.version());
        Order.Part returned = queries.find(first).parts().get(0);
        assertThat(returned.state()).isEqualTo(PartState.RETURNED);
        assertThat(titles(reporter)).anySatisfy(t -> assertThat(t).contains("的反馈被退回"));
        supervision.answer(reporter, part.id(), "已确定万源中学、万源实验小学两所学校", LocalDate.of(2021, 8, 31), returned.version());
        Order.Part again = queries.find(first).parts().get(0);
        supervision.close(office, part.id(), again.version());
        Order closed = queries.find(first);
        assertThat(closed.parts().get(0).state()).isEqualTo(PartState.CLOSED);
        assertThat(closed.status()).isEqualTo(OrderStatus.CLOSED);
        assertThat(closed.closedAt()).isNotNull();
        assertThat(jdbc.sql("select event_type from audit_event where plan_id = :plan and event_type like 'SUPERVISION%' order by id")
                .param("plan", planId).query(String.class).list())
                .containsSubsequence("SUPERVISION_DRAFTED", "SUPERVISION_ISSUED", "SUPERVISION_ANSWERED", "SUPERVISION_RETURNED",
                        "SUPERVISION_ANSWERED", "SUPERVISION_PART_CLOSED", "SUPERVISION_CLOSED");
        // the unit sees its orders, the .docx notice carries the number
        assertThat(queries.ofUnit(reporter, planId, education)).extracting(Order::id).contains(first, second);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OrderNotice.write(closed, "普陀东西部协作工作领导小组办公室", out);
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(doc.getParagraphs().stream().map(XWPFParagraph::getText)).contains(prefix + "〔2021〕1号");
            assertThat(doc.getParagraphs().get(0).getRuns().get(0).getCTR().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("方正小标宋简体");
        }
    }

    @Test
    void lateAnswersEscalateYellowAtTheDeadlineAndRedThreeDaysLaterNotifiedOncePerLevel() {
        clock.setTo(china("2021-07-02T09:00"));
        long id = supervision.draft(office, planId, new Supervision.Draft(MatterKind.OTHER, null, null, null, "信息报送不及时",
                "请按时报送", LocalDate.of(2021, 7, 9), List.of(education)));
        supervision.issue(office, id, queries.find(id).version());
        Order.Part part = queries.find(id).parts().get(0);
        assertThat(Escalation.of(part.state(), LocalDate.of(2021, 7, 9), LocalDate.of(2021, 7, 8), 3)).isEqualTo(Escalation.NONE);
        assertThat(Escalation.of(part.state(), LocalDate.of(2021, 7, 9), LocalDate.of(2021, 7, 9), 3)).isEqualTo(Escalation.YELLOW);
        assertThat(Escalation.of(part.state(), LocalDate.of(2021, 7, 9), LocalDate.of(2021, 7, 11), 3)).isEqualTo(Escalation.YELLOW);
        assertThat(Escalation.of(part.state(), LocalDate.of(2021, 7, 9), LocalDate.of(2021, 7, 12), 3)).isEqualTo(Escalation.RED);
        assertThat(Escalation.of(PartState.ANSWERED, LocalDate.of(2021, 7, 9), LocalDate.of(2021, 7, 12), 3)).isEqualTo(Escalation.NONE);

        rulebook.save(office, planId, new java.math.BigDecimal("0.8"), "好=90\n较好=75\n一般=60\n差=0", java.util.Map.of(), java.util.Map.of(),
                new java.math.BigDecimal("2"), "督办扣分");
        assertThat(job.escalate(LocalDate.of(2021, 7, 8))).isZero();
        assertThat(job.escalate(LocalDate.of(2021, 7, 9))).isEqualTo(1);
        assertThat(job.escalate(LocalDate.of(2021, 7, 10))).isZero();
        assertThat(job.escalate(LocalDate.of(2021, 7, 12))).isEqualTo(1);
        assertThat(job.escalate(LocalDate.of(2021, 7, 13))).isZero();
        List<String> titles = titles(reporter);
        assertThat(titles.stream().filter(t -> t.endsWith("黄色预警"))).hasSize(1);
        assertThat(titles.stream().filter(t -> t.endsWith("红色预警"))).hasSize(1);
        assertThat(titles(office).stream().filter(t -> t.endsWith("红色预警"))).hasSize(1);
        // the red answer counts in the unit's assessment from that day: 2 points, once
        var unit = assessor.assess(planId, LocalDate.of(2021, 7, 12), null).unit(education).orElseThrow();
        assertThat(unit.deductions()).isEqualTo(1);
        assertThat(unit.deducted()).isEqualByComparingTo("2");
        assertThat(assessor.assess(planId, LocalDate.of(2021, 7, 11), null).unit(education).orElseThrow().deductions()).isZero();
    }
}
