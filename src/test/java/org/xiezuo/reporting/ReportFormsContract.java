package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.xiezuo.reporting.FormFiles.NOTE;
import static org.xiezuo.reporting.FormFiles.REASON;
import static org.xiezuo.reporting.FormFiles.VALUE;
import static org.xiezuo.reporting.FormFiles.fill;
import static org.xiezuo.reporting.FormFiles.formula;
import static org.xiezuo.reporting.FormFiles.indicator;
import static org.xiezuo.reporting.FormFiles.set;
import static org.xiezuo.reporting.FormFiles.task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Validation.Finding;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;
import org.xiezuo.shared.Role;

/**
 * The Excel round trip through the service on the reference task book: the form's layout and
 * protection, an upload saved through the same checks as typing in one transaction, and every refusal
 * with its row and column — another unit's or period's file, formulas, invalid and negative values,
 * unknown progress, rows added, removed or moved, a line saved by somebody else since the download —
 * with nothing saved; warnings saved and shown; unchanged rows not saved again; corrections; and
 * SECURITY.md T60 (a late row refused by a database constraint rolls back every earlier row; the
 * corrected file then imports once) and T61 (a checked exception after rows were written rolls
 * everything back). Runs on H2 and PostgreSQL.
 */
abstract class ReportFormsContract {

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired Reporting reporting;
    @Autowired ReportingQueries queries;
    @Autowired ReportForms forms;
    @Autowired FormUpload formUpload;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    long education;
    long health;
    Actor reporter;
    Actor colleague;
    Actor otherReporter;
    Actor office;
    long may;
    long june;
    PlanBook.IndicatorRow schools;   // 3. 参与结对的东部学校数, 个, target 4
    PlanBook.IndicatorRow students;  // 13. …就读职业院校数, 人, target 30
    List<PlanBook.TaskRow> tasks;

    @BeforeEach
    void aPlanWithItsPeriods() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(imports, planQueries, "离线填报测试区" + tag);
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        health = district.unit("区卫健局");
        Set<Long> districtIds = Set.of(district.districtId());
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), districtIds);
        colleague = Actor.user("jy2-" + tag, "教育局填报员乙", Set.of(Role.REPORTER), Set.of(education), districtIds);
        otherReporter = Actor.user("wj-" + tag, "卫健局填报员", Set.of(Role.REPORTER), Set.of(health), districtIds);
        office = Actor.user("xzb-" + tag, "协作办", Set.of(Role.COORDINATOR), Set.of(district.unit("区发改局")), districtIds);
        List<ReportingQueries.PeriodRow> periods = queries.periods(office, district.planId());
        may = periods.get(4).id();
        june = periods.get(5).id();
        schools = coded("3");
        students = coded("13");
        tasks = district.book().tasksOf(education);
    }

    PlanBook.IndicatorRow coded(String code) {
        return district.book().indicators().stream().filter(i -> code.equals(i.code())).findFirst().orElseThrow();
    }

    byte[] form(Actor who, long period, long unit) {
        return forms.download(who, period, unit).content();
    }

    ReportForms.Outcome upload(Actor who, long period, long unit, byte[] xlsx) throws IOException {
        return forms.upload(who, period, unit, "填报表.xlsx", xlsx.length, new ByteArrayResource(xlsx));
    }

    ReportForms.Outcome upload(byte[] xlsx) throws IOException {
        return upload(reporter, june, education, xlsx);
    }

    List<String> refusal(byte[] xlsx) {
        return refusal(reporter, june, education, xlsx);
    }

    List<String> refusal(Actor who, long period, long unit, byte[] xlsx) {
        FormRefused refused = catchThrowableOfType(FormRefused.class, () -> upload(who, period, unit, xlsx));
        assertThat(refused).as("the upload is refused").isNotNull();
        return refused.problems().stream().map(FormProblem::text).toList();
    }

    ReportingQueries.Sheet sheet(long period) {
        return queries.sheet(office, period, education);
    }

    long lines(long period, long unit) {
        return jdbc.sql("""
                select (select count(*) from reporting_indicator_line l join reporting_report r on r.id = l.report_id
                         where r.period_id = :p and r.unit_id = :u)
                     + (select count(*) from reporting_task_line l join reporting_report r on r.id = l.report_id
                         where r.period_id = :p and r.unit_id = :u)
                """).param("p", period).param("u", unit).query(Long.class).single();
    }

    long audited(Actor who, String type) {
        return jdbc.sql("select count(*) from audit_event where actor = :a and event_type = :t").param("a", who.name())
                .param("t", type).query(Long.class).single();
    }

    int row(byte[] xlsx, String key) {
        return FormFiles.excelRow(xlsx, key);
    }

    // ------------------------------------------------------------------ the form

    @Test
    void theFormListsTheUnitsLinesInOfficialOrderWithOnlyTheInputsOpen() throws IOException {
        reporting.saveIndicatorLine(reporter, june, education, schools.id(), 0, "2", "=HYPERLINK(\"http://x\",\"点\")", null);
        byte[] xlsx = form(reporter, june, education);

        try (XSSFWorkbook workbook = FormFiles.open(xlsx)) {
            XSSFSheet data = FormFiles.data(workbook);
            assertThat(workbook.getSheetName(0)).isEqualTo("填报表");
            assertThat(workbook.getSheetVisibility(1)).isEqualTo(SheetVisibility.VERY_HIDDEN);
            assertThat(data.getRow(3).getCell(1).getStringCellValue()).isEqualTo("区教育局");
            assertThat(data.getRow(2).getCell(1).getStringCellValue()).startsWith("2021年6月（2021-06-01 至 2021-06-30），截止 2021-07-05");
            assertThat(data.getRow(4).getCell(1).getStringCellValue()).isEqualTo("草稿，第1版");
            assertThat(data.getRow(8).getCell(5).getStringCellValue()).isEqualTo("本期累计值");
            assertThat(data.isSheetLocked()).isTrue();
            assertThat(data.isColumnHidden(ReportWorkbook.KEY)).isTrue();

            int first = FormFiles.rowOf(workbook, indicator(schools.id()));
            assertThat(FormFiles.rowOf(workbook, indicator(students.id()))).isEqualTo(first + 1);
            assertThat(tasks.stream().map(t -> FormFiles.rowOf(workbook, task(t.id()))).toList()).isSorted().hasSize(tasks.size());

            XSSFCell target = data.getRow(first).getCell(3);
            assertThat(target.getCellType()).as("the target is a number").isEqualTo(CellType.NUMERIC);
            assertThat(target.getNumericCellValue()).isEqualTo(4.0);
            XSSFCell value = data.getRow(first).getCell(VALUE);
            assertThat(value.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(value.getCellStyle().getLocked()).isFalse();
            XSSFCell note = data.getRow(first).getCell(NOTE);
            assertThat(note.getCellType()).as("text typed as a formula stays text").isEqualTo(CellType.STRING);
            assertThat(note.getStringCellValue()).isEqualTo("=HYPERLINK(\"http://x\",\"点\")");
            assertThat(note.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(note.getCellStyle().getDataFormatString()).isEqualTo("@");
            assertThat(note.getCellStyle().getLocked()).isFalse();
            assertThat(data.getRow(first).getCell(1).getCellStyle().getLocked()).isTrue();

            List<String> lists = new ArrayList<>();
            for (DataValidation validation : data.getDataValidations()) {
                String[] values = validation.getValidationConstraint().getExplicitListValues();
                if (values != null) lists.add(String.join("/", values));
            }
            assertThat(lists).containsExactly("未启动/推进中/已完成/滞后");
        }
        assertThat(audited(reporter, "REPORT_FORM_DOWNLOADED")).isEqualTo(1);
    }

    @Test
    void aFilledFormIsSavedLineByLineThroughTheSameCommandsAsTyping() throws IOException {
        byte[] xlsx = fill(form(reporter, june, education),
                set(indicator(schools.id()), VALUE, 2), set(indicator(schools.id()), NOTE, "与区第一中学结对"),
                set(indicator(students.id()), VALUE, "１２"),
                set(task(tasks.get(0).id()), VALUE, "推进中"), set(task(tasks.get(0).id()), NOTE, "已召开对接会"));

        ReportForms.Outcome outcome = upload(xlsx);

        assertThat(outcome.indicatorsSaved()).isEqualTo(2);
        assertThat(outcome.tasksSaved()).isEqualTo(1);
        ReportingQueries.Sheet sheet = sheet(june);
        assertThat(sheet.indicators()).extracting(ReportingQueries.IndicatorEntry::valueText).containsExactly("2", "12");
        assertThat(sheet.indicators().get(0).note()).isEqualTo("与区第一中学结对");
        assertThat(sheet.tasks().get(0).progress()).isEqualTo(TaskProgress.IN_PROGRESS);
        assertThat(sheet.tasks().get(0).narrative()).isEqualTo("已召开对接会");
        assertThat(sheet.tasks().get(1).lineVersion()).as("an untouched task is not saved").isZero();
        assertThat(audited(reporter, "REPORT_VALUE_SAVED")).isEqualTo(2);
        assertThat(audited(reporter, "REPORT_TASK_SAVED")).isEqualTo(1);
        assertThat(audited(reporter, "REPORT_FORM_UPLOADED")).isEqualTo(1);
    }

    @Test
    void anUnchangedFormSavesNothingAndCreatesNoReport() throws IOException {
        ReportForms.Outcome outcome = upload(form(reporter, june, education));

        assertThat(outcome.saved()).isZero();
        assertThat(sheet(june).report()).isNull();
        assertThat(audited(reporter, "REPORT_OPENED")).isZero();
    }

    @Test
    void warningsAreSavedAndReturnedAsWhenTyping() throws IOException {
        ReportForms.Outcome outcome = upload(fill(form(reporter, june, education), set(indicator(students.id()), VALUE, 70)));

        assertThat(outcome.indicatorsSaved()).isEqualTo(1);
        assertThat(outcome.findings()).extracting(Finding::rule)
                .containsExactly(RuleKind.ABOVE_TARGET_MULTIPLE, RuleKind.JUMP_SHARE_OF_TARGET);
        assertThat(sheet(june).indicators().get(1).valueText()).isEqualTo("70");
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void aFileOfAnotherUnitOrPeriodIsRefusedSayingWhoseItIs() throws IOException {
        byte[] theirs = fill(form(otherReporter, june, health));
        assertThat(refusal(theirs)).containsExactly("文件属于「区卫健局 2021年6月」，不是本单位本期的填报表（本表应为「区教育局 2021年6月」）");

        byte[] tampered = FormFiles.edit(form(reporter, june, education), workbook ->
                workbook.getSheet(ReportWorkbook.IDENTITY_SHEET).getRow(3).getCell(1).setCellValue(String.valueOf(health)));
        assertThat(refusal(tampered)).containsExactly("文件属于「区卫健局 2021年6月」，不是本单位本期的填报表（本表应为「区教育局 2021年6月」）");

        byte[] lastMonth = fill(form(reporter, may, education), set(indicator(schools.id()), VALUE, 1));
        assertThat(refusal(lastMonth)).containsExactly("文件属于「区教育局 2021年5月」，不是本单位本期的填报表（本表应为「区教育局 2021年6月」）");

        ScopeFixture elsewhere = ScopeFixture.importFor(imports, planQueries, "另一测试区" + UUID.randomUUID().toString().substring(0, 6));
        DepartmentReporting.only(bindings, elsewhere.planId()); // department reporting, not ledgers
        long otherJune = queries.periods(Actor.system(), elsewhere.planId()).get(5).id();
        byte[] otherPlan = forms.download(Actor.system(), otherJune, elsewhere.unit("区教育局")).content();
        assertThat(refusal(otherPlan)).containsExactly("文件属于其他任务书，不是「区教育局 2021年6月」的填报表；请下载本单位本期的填报表");

        byte[] garbled = FormFiles.edit(form(reporter, june, education), workbook ->
                workbook.getSheet(ReportWorkbook.IDENTITY_SHEET).getRow(1).getCell(1).setCellValue("abc"));
        assertThat(refusal(garbled)).containsExactly("「填报表.xlsx」的识别信息已被改动或损坏；请重新下载本单位本期的填报表");
        assertThat(lines(june, education)).isZero();
        assertThat(audited(reporter, "REPORT_FORM_REFUSED")).isEqualTo(5);
    }

    @Test
    void aFormulaInAnyCellIsRefusedAndNeverEvaluated() throws IOException {
        byte[] xlsx = form(reporter, june, education);
        byte[] filled = fill(xlsx, set(indicator(students.id()), VALUE, 12), formula(indicator(schools.id()), VALUE, "1+1"),
                formula(task(tasks.get(0).id()), NOTE, "HYPERLINK(\"http://x\",\"点\")"));

        assertThat(refusal(filled)).containsExactly(
                "第" + row(xlsx, indicator(schools.id())) + "行【本期累计值】：单元格含公式，系统不计算公式；请直接填写数值",
                "第" + row(xlsx, task(tasks.get(0).id())) + "行【进展情况】：单元格含公式，系统不计算公式；请直接填写内容");
        assertThat(lines(june, education)).isZero();
    }

    @Test
    void invalidAndNegativeValuesAreRefusedWithTheMessagesOfTyping() throws IOException {
        byte[] xlsx = form(reporter, june, education);
        int schoolsRow = row(xlsx, indicator(schools.id()));
        int studentsRow = row(xlsx, indicator(students.id()));

        assertThat(refusal(fill(xlsx, set(indicator(schools.id()), VALUE, -1), set(indicator(students.id()), VALUE, 12))))
                .containsExactly("第" + schoolsRow + "行【本期累计值】：「3.参与结对的东部学校数」填报值 -1 为负数，数值不能为负数");
        assertThat(refusal(fill(xlsx, set(indicator(schools.id()), VALUE, "N/A"), set(indicator(students.id()), VALUE, 1.5))))
                .containsExactly("第" + schoolsRow + "行【本期累计值】：「3.参与结对的东部学校数」应填写数字，填写的是「N/A」",
                        "第" + studentsRow + "行【本期累计值】：「13.组织四川省农村学生到本市就读职业院校数」计量单位为“人”，只能填整数，填报值为 1.5");
        assertThat(refusal(fill(xlsx, set(indicator(schools.id()), NOTE, "说".repeat(2001)))))
                .containsExactly("第" + schoolsRow + "行【说明】：说明最多2000个字，现有2001个字");
        assertThat(lines(june, education)).isZero();
        assertThat(sheet(june).report()).as("not even the report was opened").isNull();
    }

    @Test
    void anUnknownProgressIsRefusedNamingTheChoices() throws IOException {
        byte[] xlsx = form(reporter, june, education);
        String key = task(tasks.get(1).id());

        assertThat(refusal(fill(xlsx, set(key, VALUE, "完成了")))).containsExactly("第" + row(xlsx, key)
                + "行【进展】：未知的进展「完成了」，请从下拉列表中选择：未启动、推进中、已完成、滞后");
        assertThat(refusal(fill(xlsx, set(key, VALUE, null)))).containsExactly("第" + row(xlsx, key)
                + "行【进展】：请选择进展：未启动、推进中、已完成、滞后");
        assertThat(upload(fill(xlsx, set(key, VALUE, "DONE"), set(key, REASON, "材料在局里存档"))).tasksSaved()).isEqualTo(1);
    }

    @Test
    void rowsAddedRemovedOrMovedAreRefusedByTheirKeysNotTheirPositions() throws IOException {
        byte[] xlsx = form(reporter, june, education);
        int schoolsRow = row(xlsx, indicator(schools.id()));
        int studentsRow = row(xlsx, indicator(students.id()));

        byte[] removed = FormFiles.edit(xlsx, workbook -> {
            XSSFSheet data = FormFiles.data(workbook);
            data.removeRow(data.getRow(studentsRow - 1));
        });
        assertThat(refusal(removed)).containsExactly("第" + studentsRow
                + "行：「13.组织四川省农村学生到本市就读职业院校数」这一行被删除了；请勿删除行，不需要填写的行保持原样即可");

        byte[] swapped = FormFiles.edit(xlsx, workbook -> {
            XSSFSheet data = FormFiles.data(workbook);
            for (int c : new int[] {1, ReportWorkbook.KEY}) {
                XSSFCell a = data.getRow(schoolsRow - 1).getCell(c);
                XSSFCell b = data.getRow(studentsRow - 1).getCell(c);
                String text = a.getStringCellValue();
                a.setCellValue(b.getStringCellValue());
                b.setCellValue(text);
            }
        });
        assertThat(refusal(swapped)).containsExactly(
                "第" + schoolsRow + "行：「13.组织四川省农村学生到本市就读职业院校数」这一行的位置与下载时不同（原在第" + studentsRow + "行）；请勿移动、插入或排序行",
                "第" + studentsRow + "行：「3.参与结对的东部学校数」这一行的位置与下载时不同（原在第" + schoolsRow + "行）；请勿移动、插入或排序行");

        int blank = studentsRow; // the empty row after the indicators
        byte[] added = FormFiles.edit(xlsx, workbook -> FormFiles.data(workbook).createRow(blank).createCell(VALUE).setCellValue(9));
        assertThat(refusal(added)).containsExactly("第" + (blank + 1) + "行：这一行不是下载时的行（没有行标识）；请勿增加行，新增的内容请填在原有的行中");
        assertThat(lines(june, education)).isZero();
    }

    @Test
    void aLineSavedBySomebodyElseSinceTheDownloadRefusesTheWholeFileNamingIt() throws IOException {
        byte[] xlsx = form(reporter, june, education);
        reporting.saveIndicatorLine(colleague, june, education, schools.id(), 0, "5", null, null);

        List<String> problems = refusal(fill(xlsx, set(indicator(schools.id()), VALUE, 3), set(indicator(students.id()), VALUE, 12)));

        assertThat(problems).singleElement().asString()
                .startsWith("第" + row(xlsx, indicator(schools.id())) + "行：该记录已被他人修改：" + colleague.name() + " 于")
                .contains("将「3.参与结对的东部学校数」保存为 5；本文件中这一行是修改前下载的，未保存");
        assertThat(sheet(june).indicators()).extracting(ReportingQueries.IndicatorEntry::valueText).containsExactly("5", null);
        // a row the reporter left as downloaded is no conflict: the colleague's value stays
        assertThat(upload(fill(xlsx, set(indicator(students.id()), VALUE, 12))).indicatorsSaved()).isEqualTo(1);
        assertThat(sheet(june).indicators()).extracting(ReportingQueries.IndicatorEntry::valueText).containsExactly("5", "12");
    }

    @Test
    void aReportUnderReviewTakesNoUploadAndItsFormIsReadOnly() throws IOException {
        reporting.saveIndicatorLine(reporter, june, education, schools.id(), 0, "2", null, null);
        ReportingQueries.ReportSummary draft = sheet(june).report();
        byte[] before = form(reporter, june, education);
        reporting.submit(reporter, draft.id(), draft.version());

        assertThat(refusal(fill(before, set(indicator(schools.id()), VALUE, 3))))
                .containsExactly("当前状态不允许此操作：报告为「待审核」，不能修改");
        try (XSSFWorkbook workbook = FormFiles.open(form(reporter, june, education))) {
            XSSFSheet data = FormFiles.data(workbook);
            assertThat(data.getRow(4).getCell(1).getStringCellValue()).isEqualTo("待审核，第1版。本表仅供查看，不能上传修改");
            assertThat(FormFiles.cell(workbook, indicator(schools.id()), VALUE).getCellStyle().getLocked()).isTrue();
        }
        assertThat(sheet(june).indicators().get(0).valueText()).isEqualTo("2");
    }

    @Test
    void aCorrectionIsFilledInItsOwnFormAndAFormOfTheApprovedRevisionIsRefused() throws IOException {
        upload(fill(form(reporter, june, education), set(indicator(schools.id()), VALUE, 2)));
        ReportingQueries.ReportSummary first = sheet(june).report();
        byte[] approvedForm = form(reporter, june, education);
        reporting.submit(reporter, first.id(), first.version());
        reporting.approve(office, first.id(), sheet(june).report().version());
        long correction = reporting.correct(reporter, first.id(), "漏报一所学校");

        assertThat(refusal(fill(approvedForm, set(indicator(schools.id()), VALUE, 3))))
                .containsExactly("本表下载自第1版报告，现在填报的是第2版；请重新下载填报表后再填写");
        byte[] correctionForm = form(reporter, june, education);
        try (XSSFWorkbook workbook = FormFiles.open(correctionForm)) {
            assertThat(FormFiles.data(workbook).getRow(4).getCell(1).getStringCellValue()).isEqualTo("草稿，第2版（更正：漏报一所学校）");
        }
        assertThat(upload(fill(correctionForm, set(indicator(schools.id()), VALUE, 3), set(indicator(schools.id()), REASON, "漏报")))
                .reportId()).isEqualTo(correction);
        assertThat(sheet(june).indicators().get(0).valueText()).isEqualTo("3");
        assertThat(queries.report(office, first.id()).indicators().get(0).valueText()).as("the approved revision is kept").isEqualTo("2");
    }

    @Test
    void aLowerValueThanLastApprovedNeedsTheReasonInTheSameFile() throws IOException {
        upload(reporter, may, education, fill(form(reporter, may, education), set(indicator(schools.id()), VALUE, 2)));
        ReportingQueries.ReportSummary mayReport = sheet(may).report();
        reporting.submit(reporter, mayReport.id(), mayReport.version());
        reporting.approve(office, mayReport.id(), sheet(may).report().version());
        byte[] xlsx = form(reporter, june, education);

        assertThat(refusal(fill(xlsx, set(indicator(schools.id()), VALUE, 1)))).containsExactly("第" + row(xlsx, indicator(schools.id()))
                + "行【本期累计值】：「3.参与结对的东部学校数」累计值 1 低于上一期已审核的 2；累计值一般不会减少，如确需调减，请填写原因");
        assertThat(upload(fill(xlsx, set(indicator(schools.id()), VALUE, 1), set(indicator(schools.id()), REASON, "一所学校撤销结对")))
                .indicatorsSaved()).isEqualTo(1);
    }

    @Test
    void anotherUnitsReporterCanNeitherDownloadNorUpload() {
        assertThatThrownBy(() -> form(otherReporter, june, education)).isInstanceOf(NotFound.class);
        byte[] xlsx = form(reporter, june, education);
        assertThatThrownBy(() -> upload(otherReporter, june, education, xlsx)).isInstanceOf(NotFound.class);
        assertThat(lines(june, education)).isZero();
    }

    // ------------------------------------------------------------------ T60, T61

    /** The unit of the reference book with the most lines, and its form filled on every line. */
    record Busy(long unit, Actor reporter, List<String> keys) {}

    Busy busiest() {
        PlanBook book = district.book();
        PlanBook.UnitRow unit = book.units().stream().max(Comparator.comparingInt(u -> book.tasksOf(u.id()).size()
                + (int) book.indicators().stream().filter(i -> i.units().stream().anyMatch(r -> r.id() == u.id())).count())).orElseThrow();
        Actor actor = Actor.user("busy-" + reporter.name(), unit.name() + "填报员", Set.of(Role.REPORTER), Set.of(unit.id()),
                Set.of(district.districtId()));
        ReportingQueries.Sheet sheet = queries.sheet(actor, june, unit.id());
        List<String> keys = new ArrayList<>();
        sheet.indicators().stream().filter(ReportingQueries.IndicatorEntry::valueInput).forEach(e -> keys.add(indicator(e.indicator().id())));
        sheet.tasks().forEach(t -> keys.add(task(t.task().id())));
        return new Busy(unit.id(), actor, keys);
    }

    byte[] everyLine(Busy busy, String lastNarrative) {
        byte[] xlsx = form(busy.reporter(), june, busy.unit());
        List<Consumer<XSSFWorkbook>> changes = new ArrayList<>();
        for (String key : busy.keys()) {
            if (key.startsWith("I:")) {
                changes.add(set(key, VALUE, 1));
                changes.add(set(key, NOTE, "按月统计"));
            } else {
                changes.add(set(key, VALUE, "推进中"));
                changes.add(set(key, NOTE, key.equals(busy.keys().get(busy.keys().size() - 1)) ? lastNarrative : "按计划推进"));
            }
        }
        @SuppressWarnings("unchecked")
        Consumer<XSSFWorkbook>[] all = changes.toArray(new Consumer[0]);
        return fill(xlsx, all);
    }

    @Test
    void T60_aLateRowRefusedByTheDatabaseRollsBackEveryRowBeforeItAndTheCorrectedFileImportsOnce() throws IOException {
        Busy busy = busiest();
        String last = busy.keys().get(busy.keys().size() - 1);
        assertThat(busy.keys()).as("a form with many lines, the last one a task").hasSizeGreaterThan(8);
        assertThat(last).startsWith("T:");
        byte[] refusedFile = everyLine(busy, "T60-违反约束");
        jdbc.sql("alter table reporting_task_line add constraint t60_marker check (narrative is null or narrative <> 'T60-违反约束')")
                .update();
        List<String> problems;
        try {
            problems = refusal(busy.reporter(), june, busy.unit(), refusedFile);
        } finally {
            jdbc.sql("alter table reporting_task_line drop constraint t60_marker").update();
        }

        assertThat(problems).containsExactly("第" + row(refusedFile, last) + "行：这一行未能保存（数据库拒绝了其中的内容），整个文件未导入；请检查这一行的内容后重新上传");
        assertThat(lines(june, busy.unit())).as("no row of the file is committed").isZero();
        assertThat(queries.sheet(busy.reporter(), june, busy.unit()).report()).as("nor the report it opened").isNull();
        assertThat(audited(busy.reporter(), "REPORT_VALUE_SAVED")).isZero();
        assertThat(audited(busy.reporter(), "REPORT_FORM_REFUSED")).isEqualTo(1);

        byte[] corrected = everyLine(busy, "按计划推进");
        ReportForms.Outcome imported = upload(busy.reporter(), june, busy.unit(), corrected);
        assertThat(imported.saved()).isEqualTo(busy.keys().size());
        assertThat(lines(june, busy.unit())).isEqualTo(busy.keys().size());
        ReportForms.Outcome again = upload(busy.reporter(), june, busy.unit(), corrected);
        assertThat(again.saved()).as("the same file again adds nothing").isZero();
        assertThat(audited(busy.reporter(), "REPORT_VALUE_SAVED") + audited(busy.reporter(), "REPORT_TASK_SAVED"))
                .isEqualTo(busy.keys().size());
    }

    @Test
    void T61_aCheckedExceptionAfterRowsWereWrittenRollsEverythingBack() throws IOException {
        Busy busy = busiest();
        byte[] xlsx = everyLine(busy, "按计划推进");
        List<Integer> seen = new ArrayList<>();
        formUpload.afterEachLine(count -> {
            seen.add(count);
            if (count == 3) throw new IOException("模拟：写入3行后出错");
        });
        try {
            assertThatThrownBy(() -> upload(busy.reporter(), june, busy.unit(), xlsx)).isInstanceOf(IOException.class)
                    .hasMessage("模拟：写入3行后出错");
        } finally {
            formUpload.afterEachLine(count -> {});
        }

        assertThat(seen).as("three rows were written before the failure").containsExactly(1, 2, 3);
        assertThat(lines(june, busy.unit())).as("nothing committed").isZero();
        assertThat(queries.sheet(busy.reporter(), june, busy.unit()).report()).isNull();
        assertThat(audited(busy.reporter(), "REPORT_VALUE_SAVED") + audited(busy.reporter(), "REPORT_TASK_SAVED")).isZero();
        assertThat(jdbc.sql("select detail from audit_event where actor = :a and event_type = 'REPORT_FORM_REFUSED'")
                .param("a", busy.reporter().name()).query(String.class).single()).contains("保存过程中出错，已全部撤销");

        assertThat(upload(busy.reporter(), june, busy.unit(), xlsx).saved()).isEqualTo(busy.keys().size());
    }
}
