package org.xiezuo.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.xiezuo.importer.LayoutDocuments.LEFT;
import static org.xiezuo.importer.LayoutDocuments.UP;
import static org.xiezuo.importer.LayoutDocuments.excel;
import static org.xiezuo.importer.LayoutDocuments.percent;
import static org.xiezuo.importer.LayoutDocuments.row;
import static org.xiezuo.importer.LayoutDocuments.word;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xiezuo.importer.ParsedTaskBook.Indicator;
import org.xiezuo.importer.ParsedTaskBook.Task;
import org.xiezuo.importer.ParsedTaskBook.Warning;

/**
 * The layouts task books come in besides the seed: header spellings, section and task numbering,
 * text broken by page breaks, every indicator-table layout (text, markdown, Word and Excel with merged
 * cells), the ways responsible units are written, a document that is no task book, and the CLI JSON.
 * Every document is built here and read through {@link TaskBookParser} as an upload would be.
 */
class TaskBookLayoutTests {

    private final TaskBookParser parser = new TaskBookParser(ImporterSettings.defaults());

    /** The notice header of the reference document, line by line. */
    private static final List<String> HEADER = List.of(
            "舟山市普陀区人民政府办公室文件",
            "舟普政办〔2021〕71号",
            "舟山市普陀区人民政府办公室关于印发2021年普陀-万源东西部协作工作任务书的通知",
            "各镇人民政府、街道办事处，区属各单位：",
            "现将《2021年普陀-万源东西部协作工作任务书》印发给你们，请认真贯彻落实。",
            "舟山市普陀区人民政府办公室",
            "2021年10月19日",
            "2021年普陀-万源东西部协作工作任务书");

    /** A notice read from one of the three kinds of file, each line a line, paragraph or row. */
    enum Format {
        TEXT("line "), WORD("paragraph "), EXCEL("sheet 通知 row ");

        final String at;

        Format(String at) { this.at = at; }

        String fileName() {
            return switch (this) {
                case TEXT -> "任务书.txt";
                case WORD -> "任务书.docx";
                case EXCEL -> "任务书.xlsx";
            };
        }

        byte[] document(List<String> lines) {
            return switch (this) {
                case TEXT -> LayoutDocuments.text(lines.toArray(String[]::new));
                case WORD -> word().paragraphs(lines.toArray(String[]::new)).bytes();
                case EXCEL -> excel().sheet("通知", lines.stream().map(line -> row(line)).toArray(Object[][]::new)).bytes();
            };
        }
    }

    private ParsedTaskBook parse(Format format, List<String> lines) {
        return parser.parse(format.fileName(), format.document(lines));
    }

    private ParsedTaskBook parseText(String... lines) {
        return parser.parse("任务书.txt", LayoutDocuments.text(lines));
    }

    private static List<String> withHeader(String... body) {
        List<String> lines = new ArrayList<>(HEADER);
        lines.addAll(Arrays.asList(body));
        return lines;
    }

    private static String[] textWithHeader(String... body) {
        return withHeader(body).toArray(String[]::new);
    }

    /** The warnings about the body, without those about a missing header field. */
    private static List<Tuple> bodyWarnings(ParsedTaskBook book) {
        return book.warnings().stream().filter(w -> !w.location().equals("header"))
                .map(w -> tuple(w.location(), w.message())).toList();
    }

    private static Indicator indicator(ParsedTaskBook book, String name) {
        return book.indicators().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no indicator " + name + " in " + book.indicators()));
    }

    private static void assertTarget(Indicator indicator, String expected) {
        assertThat(indicator.target()).as("target of %s", indicator.name()).isNotNull();
        assertThat(indicator.target()).as("target of %s", indicator.name()).isEqualByComparingTo(new BigDecimal(expected));
        assertThat(indicator.assessed()).as("assessed %s", indicator.name()).isTrue();
        assertThat(indicator.statisticsOnly()).isFalse();
    }

    private static void assertStatisticsOnly(Indicator indicator) {
        assertThat(indicator.statisticsOnly()).as("statistics only: %s", indicator.name()).isTrue();
        assertThat(indicator.assessed()).as("assessed %s", indicator.name()).isFalse();
        assertThat(indicator.target()).as("target of %s", indicator.name()).isNull();
    }

    private static List<Tuple> tasks(ParsedTaskBook book) {
        return book.tasks().stream().map(t -> tuple(t.units(), t.seq(), t.text())).toList();
    }

    // ================================================================ header

    @Nested
    class Header {

        @ParameterizedTest
        @EnumSource(Format.class)
        void readsEveryHeaderFieldOfTheReferenceNotice(Format format) {
            ParsedTaskBook book = parse(format, withHeader("一、区委组织部", "1.做好干部人才选派工作。"));

            ParsedTaskBook.Header h = book.plan();
            assertThat(h.issuer()).isEqualTo("舟山市普陀区人民政府办公室");
            assertThat(h.docNumber()).isEqualTo("舟普政办〔2021〕71号");
            assertThat(h.noticeTitle()).isEqualTo("关于印发2021年普陀-万源东西部协作工作任务书的通知");
            assertThat(h.issuedOn()).isEqualTo(LocalDate.of(2021, 10, 19));
            assertThat(h.title()).isEqualTo("2021年普陀-万源东西部协作工作任务书");
            assertThat(h.year()).isEqualTo(2021);
            assertThat(h.eastRegion()).isEqualTo("普陀");
            assertThat(h.westRegion()).isEqualTo("万源");
            assertThat(h.eastProvince()).isEqualTo("浙江省");
            assertThat(h.westProvince()).isEqualTo("四川省");
            assertThat(h.programme()).isEqualTo("东西部协作");
            assertThat(book.warnings()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = Format.class, names = {"TEXT", "WORD"})
        void readsANoticeTitleBrokenOverTwoLinesAndAChineseNumeralDate(Format format) {
            ParsedTaskBook book = parse(format, List.of(
                    "永康市人民政府办公室文件",
                    "永政办〔2022〕15号",
                    "永康市人民政府办公室关于印发2022年永康—平昌东西部协作",
                    "工作任务书的通知",
                    "各镇人民政府、街道办事处，市级各部门：",
                    "现将《2022年永康—平昌东西部协作工作任务书》印发给你们，请认真贯彻落实。",
                    "永康市人民政府办公室",
                    "二〇二二年三月八日",
                    "2022年永康—平昌东西部协作工作任务书",
                    "一、市委组织部",
                    "1、做好干部人才选派工作。"));

            ParsedTaskBook.Header h = book.plan();
            assertThat(h.noticeTitle()).isEqualTo("关于印发2022年永康—平昌东西部协作工作任务书的通知");
            assertThat(h.issuer()).isEqualTo("永康市人民政府办公室");
            assertThat(h.issuedOn()).isEqualTo(LocalDate.of(2022, 3, 8));
            assertThat(h.docNumber()).isEqualTo("永政办〔2022〕15号");
            assertThat(h.title()).isEqualTo("2022年永康—平昌东西部协作工作任务书");
            assertThat(h.year()).isEqualTo(2022);
            assertThat(h.eastRegion()).isEqualTo("永康");
            assertThat(h.westRegion()).isEqualTo("平昌");
            assertThat(h.eastProvince()).isEqualTo("浙江省");
            assertThat(h.westProvince()).isEqualTo("四川省");
            assertThat(book.warnings()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"[2021]", "【2021】", "(2021)", "（2021）", "［2021］"})
        void normalisesOtherDocumentNumberBracketsWithAWarning(String brackets) {
            List<String> lines = withHeader("一、区委组织部", "1.做好干部人才选派工作。");
            lines.set(1, "舟普政办" + brackets + "71号");

            ParsedTaskBook book = parse(Format.TEXT, lines);

            assertThat(book.plan().docNumber()).isEqualTo("舟普政办〔2021〕71号");
            assertThat(bodyWarnings(book)).containsExactly(tuple("line 2", "文号括号已规范为〔〕：舟普政办〔2021〕71号"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-", "－", "—", "–", "~", "——"})
        void readsEastAndWestRegionsWhateverTheDash(String dash) {
            String title = "2022年永康" + dash + "平昌东西部协作工作任务书";

            ParsedTaskBook book = parseText(title, "一、市委组织部", "1.做好干部人才选派工作。");

            assertThat(book.plan().title()).isEqualTo(title);
            assertThat(book.plan().year()).isEqualTo(2022);
            assertThat(book.plan().eastRegion()).isEqualTo("永康");
            assertThat(book.plan().westRegion()).isEqualTo("平昌");
            assertThat(book.plan().eastProvince()).isEqualTo("浙江省");
            assertThat(book.plan().westProvince()).isEqualTo("四川省");
        }

        @ParameterizedTest
        @CsvSource({"东西部协作,东西部协作", "东西部扶贫协作,东西部协作", "对口支援,对口支援", "山海协作,山海协作"})
        void readsTheProgrammeFromTheTitle(String printed, String programme) {
            String title = "2021年普陀-万源" + printed + "工作任务书";

            ParsedTaskBook book = parseText(title, "一、区委组织部", "1.做好干部人才选派工作。");

            assertThat(book.plan().title()).isEqualTo(title);
            assertThat(book.plan().programme()).isEqualTo(programme);
            assertThat(book.plan().eastRegion()).isEqualTo("普陀");
            assertThat(book.plan().westRegion()).isEqualTo("万源");
        }

        @Test
        void reportsEveryMissingHeaderFieldAgainstTheHeader() {
            ParsedTaskBook book = parseText("一、区委组织部", "1.做好干部人才选派工作。");

            assertThat(book.plan().title()).isNull();
            assertThat(book.warnings()).extracting(Warning::location).containsOnly("header");
            assertThat(book.warnings()).extracting(Warning::message).containsExactly(
                    "未找到任务书标题，请在预览中填写",
                    "未能从标题识别东西部地区名称，请在预览中填写",
                    "未找到文号",
                    "未找到发文机关",
                    "未找到成文日期",
                    "未能推断东部省份，请在预览中设置",
                    "未能推断西部省份，请在预览中设置");
        }
    }

    // ================================================================ sections and tasks

    @Nested
    class Sections {

        @ParameterizedTest
        @EnumSource(Format.class)
        void readsTasksNumberedWithDotsCommasParenthesesOrNotAtAll(Format format) {
            ParsedTaskBook book = parse(format, withHeader(
                    "一、区委组织部",
                    "1.做好干部人才选派工作。",
                    "2.加强党政干部培训。",
                    "二、区委宣传部",
                    "1、组织系列报道。",
                    "2、加强典型宣传。",
                    "三、区发改局",
                    "（一）统筹推进东西部协作。",
                    "（二）开展考核督查。",
                    "(三)签订东西部协作协议书。",
                    "四、区委统战部（区民宗局）",
                    "积极组织动员宗教团体参与东西部协作工作。"));

            assertThat(tasks(book)).containsExactly(
                    tuple(List.of("区委组织部"), 1, "做好干部人才选派工作。"),
                    tuple(List.of("区委组织部"), 2, "加强党政干部培训。"),
                    tuple(List.of("区委宣传部"), 1, "组织系列报道。"),
                    tuple(List.of("区委宣传部"), 2, "加强典型宣传。"),
                    tuple(List.of("区发改局"), 1, "统筹推进东西部协作。"),
                    tuple(List.of("区发改局"), 2, "开展考核督查。"),
                    tuple(List.of("区发改局"), 3, "签订东西部协作协议书。"),
                    tuple(List.of("区委统战部（区民宗局）"), 1, "积极组织动员宗教团体参与东西部协作工作。"));
            assertThat(book.units()).extracting(ParsedTaskBook.Unit::name)
                    .containsExactly("区委组织部", "区委宣传部", "区发改局", "区委统战部（区民宗局）");
            assertThat(book.units()).allMatch(ParsedTaskBook.Unit::fromSection);
            assertThat(book.tasks().get(7).locations()).containsExactly(format.at + 20);
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsSectionsNumberedUpToNinetyNine() {
            List<String> lines = new ArrayList<>(HEADER);
            for (int n = 1; n <= 99; n++) {
                lines.add(chinese(n) + "、区协作第" + chinese(n) + "组");
                lines.add("1.完成第" + n + "项协作任务。");
            }

            ParsedTaskBook book = parse(Format.TEXT, lines);

            assertThat(book.units()).hasSize(99);
            assertThat(book.units().get(19).name()).isEqualTo("区协作第二十组");
            assertThat(book.units().get(20).name()).isEqualTo("区协作第二十一组");
            assertThat(book.units().get(98).name()).isEqualTo("区协作第九十九组");
            assertThat(book.tasks()).hasSize(99);
            assertThat(book.tasks().get(98)).extracting(Task::units, Task::seq, Task::text)
                    .containsExactly(List.of("区协作第九十九组"), 1, "完成第99项协作任务。");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void warnsWhenASectionNumberIsSkipped() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区委组织部", "1.做好干部人才选派工作。",
                    "三、区发改局", "1.统筹推进东西部协作。"));

            assertThat(book.tasks()).extracting(t -> t.units().get(0)).containsExactly("区委组织部", "区发改局");
            assertThat(bodyWarnings(book)).containsExactly(tuple("line 11", "章节编号不连续：上一节为第1节，此处为第3节"));
        }

        @ParameterizedTest
        @EnumSource(value = Format.class, names = {"TEXT", "WORD"})
        void givesTheTasksOfASectionNamingSeveralUnitsToAllOfThemLeadFirst(Format format) {
            ParsedTaskBook book = parse(format, withHeader(
                    "一、区委组织部",
                    "1.做好干部人才选派工作。",
                    "二、区经信局、区投资促进中心",
                    "1.引导企业到万源投资兴业。",
                    "2.开展专题招商活动。",
                    "三、区商务局，区供销社",
                    "扩大消费帮扶。"));

            assertThat(tasks(book)).containsExactly(
                    tuple(List.of("区委组织部"), 1, "做好干部人才选派工作。"),
                    tuple(List.of("区经信局", "区投资促进中心"), 1, "引导企业到万源投资兴业。"),
                    tuple(List.of("区经信局", "区投资促进中心"), 2, "开展专题招商活动。"),
                    tuple(List.of("区商务局", "区供销社"), 1, "扩大消费帮扶。"));
            assertThat(book.units()).extracting(ParsedTaskBook.Unit::name)
                    .containsExactly("区委组织部", "区经信局", "区投资促进中心", "区商务局", "区供销社");
            assertThat(book.warnings()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = Format.class, names = {"TEXT", "WORD"})
        void takesTheUnitsOfCategorySectionsFromTheirResponsibleLines(Format format) {
            ParsedTaskBook book = parse(format, withHeader(
                    "一、组织领导",
                    "1.健全协作工作机制，召开高层联席会议。",
                    "责任单位：区发改局、区委组织部（列第一位者为牵头单位，下同）",
                    "2.开展东西部协作考核督查。",
                    "（责任单位：区发展和改革局，区委办）",
                    "二、劳务协作",
                    "（一）开展东西部劳务协作行动。",
                    "责任单位：区人力社保局 区教育局",
                    "（二）组织专场招聘会。",
                    "牵头单位：区人社局。"));

            assertThat(tasks(book)).containsExactly(
                    tuple(List.of("区发改局", "区委组织部"), 1, "健全协作工作机制，召开高层联席会议。"),
                    tuple(List.of("区发改局", "区委办"), 2, "开展东西部协作考核督查。"),
                    tuple(List.of("区人力社保局", "区教育局"), 1, "开展东西部劳务协作行动。"),
                    tuple(List.of("区人力社保局"), 2, "组织专场招聘会。"));
            assertThat(book.tasks().get(0).locations()).containsExactly(format.at + 10);
            assertThat(book.units()).extracting(ParsedTaskBook.Unit::name, ParsedTaskBook.Unit::aliases).containsExactly(
                    tuple("区发改局", List.of("区发展和改革局")),
                    tuple("区委组织部", List.of()),
                    tuple("区委办", List.of()),
                    tuple("区人力社保局", List.of("区人社局")),
                    tuple("区教育局", List.of()));
            assertThat(book.units()).noneMatch(ParsedTaskBook.Unit::fromSection);
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple(format.at + 11, "单位「区发改局」未在部门章节中出现，已作为新单位加入"),
                    tuple(format.at + 11, "单位「区委组织部」未在部门章节中出现，已作为新单位加入"),
                    tuple(format.at + 13, "「区发展和改革局」按别名识别为「区发改局」"),
                    tuple(format.at + 13, "单位「区委办」未在部门章节中出现，已作为新单位加入"),
                    tuple(format.at + 16, "单位「区人力社保局」未在部门章节中出现，已作为新单位加入"),
                    tuple(format.at + 16, "单位「区教育局」未在部门章节中出现，已作为新单位加入"),
                    tuple(format.at + 18, "「区人社局」按别名识别为「区人力社保局」"));
        }

        @Test
        void takesAnInlineResponsibleNoteOutOfTheTaskText() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、组织领导",
                    "1.召开高层联席会议（责任单位：区委办、区政府办）",
                    "2.开展东西部协作考核督查。（牵头单位：区发改局）"));

            assertThat(tasks(book)).containsExactly(
                    tuple(List.of("区委办", "区政府办"), 1, "召开高层联席会议"),
                    tuple(List.of("区发改局"), 2, "开展东西部协作考核督查。"));
        }

        @Test
        void warnsAboutATaskWithoutAnyResponsibleUnit() {
            ParsedTaskBook book = parseText(textWithHeader("一、组织领导", "1.健全协作工作机制。"));

            assertThat(tasks(book)).containsExactly(tuple(List.of(), 1, "健全协作工作机制。"));
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 10", "任务未找到责任单位（章节标题不是单位名称，也没有“责任单位：”行）"));
        }
    }

    // ================================================================ page breaks

    @Nested
    class PageBreaks {

        private static final List<String> BROKEN = withHeader(
                "一、区民政局",
                "1.充分发挥民政部门社会组织登记管理机关和慈善业务主管",
                "－ 5 －",
                "单位的引导作用，完成社会帮扶资金30万元。",
                "2.指导区慈善总会等行业组织，统筹完成社会帮扶资金30万元。",
                "- 6 -",
                "进一步推行造血型帮扶项目。",
                "二、区发改局",
                "1.加强各项对口工作跟踪管理，确",
                "— 12 —",
                "第3页 共12页",
                "保工作力度不减、工作标准不降。",
                "2.会同万源下达帮扶资金项目安排计划。",
                "3/12");

        @ParameterizedTest
        @EnumSource(value = Format.class, names = {"TEXT", "WORD"})
        void joinsParagraphsSplitByAPageAndDropsPageNumbers(Format format) {
            ParsedTaskBook book = parse(format, BROKEN);

            assertThat(tasks(book)).containsExactly(
                    tuple(List.of("区民政局"), 1, "充分发挥民政部门社会组织登记管理机关和慈善业务主管单位的引导作用，完成社会帮扶资金30万元。"),
                    tuple(List.of("区民政局"), 2, "指导区慈善总会等行业组织，统筹完成社会帮扶资金30万元。进一步推行造血型帮扶项目。"),
                    tuple(List.of("区发改局"), 1, "加强各项对口工作跟踪管理，确保工作力度不减、工作标准不降。"),
                    tuple(List.of("区发改局"), 2, "会同万源下达帮扶资金项目安排计划。"));
            assertThat(book.tasks()).extracting(Task::locations).containsExactly(
                    List.of(format.at + 10, format.at + 12),
                    List.of(format.at + 13, format.at + 15),
                    List.of(format.at + 17, format.at + 20),
                    List.of(format.at + 21));
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple(format.at + 15, "孤立片段「进一步推行造血型帮扶项目。」已并入上一条任务（区民政局第2条），请核对"));
        }

        @Test
        void dropsPageNumbersAndRepeatedHeaderRowsInsideATextTable() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区委组织部",
                    "1.做好干部人才选派工作。",
                    "附件",
                    "2021年普陀-万源东西部协作工作主要任务指标分解表",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "一、组织领导\t\t\t",
                    "1.区党政负责同志到受帮扶县（区）调研情况\t次\t1\t区委组织部",
                    "",
                    "－ 7 －",
                    "",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "2.召开区级高层联席会议情况\t次\t1\t",
                    "第8页 共12页",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "3.参与结对的东部学校数\t个\t4\t区委组织部"));

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::name, Indicator::location).containsExactly(
                    tuple("1", "区党政负责同志到受帮扶县（区）调研情况", "line 15"),
                    tuple("2", "召开区级高层联席会议情况", "line 20"),
                    tuple("3", "参与结对的东部学校数", "line 23"));
            assertThat(book.indicators()).extracting(Indicator::responsible).containsOnly(List.of("区委组织部"));
            assertThat(book.indicators()).extracting(Indicator::category).containsOnly("组织领导");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsAWordTableSplitIntoTwoTablesByAPage() {
            byte[] docx = word()
                    .paragraphs(textWithHeader("一、区委组织部", "1.做好干部人才选派工作。", "附件"))
                    .table(row("指标名称", "单位", "目标任务", "责任单位"),
                            row("一、组织领导", LEFT, LEFT, LEFT),
                            row("1.调研次数", "次", "1", "区委组织部"))
                    .paragraphs("－ 7 －")
                    .table(row("2.召开联席会议次数", "次", "2", ""),
                            row("二、区域协作", LEFT, LEFT, LEFT),
                            row("3.引导企业投资兴业数", "个", "4", "区委组织部"))
                    .bytes();

            ParsedTaskBook book = parser.parse("任务书.docx", docx);

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::category, Indicator::responsible, Indicator::location)
                    .containsExactly(
                            tuple("1", "组织领导", List.of("区委组织部"), "table row 3"),
                            tuple("2", "组织领导", List.of("区委组织部"), "table 2 row 1"),
                            tuple("3", "区域协作", List.of("区委组织部"), "table 2 row 3"));
            assertThat(book.tasks()).hasSize(1);
            assertThat(book.warnings()).isEmpty();
        }
    }

    // ================================================================ indicator tables

    @Nested
    class IndicatorTables {

        @Test
        void readsNameUnitTargetAndResponsibleColumnsFromTabSeparatedText() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区委组织部",
                    "1.做好干部人才选派工作。",
                    "二、区人力社保局",
                    "1.开展劳务协作。",
                    "附件",
                    "2021年普陀-万源东西部协作工作主要任务指标分解表",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "<b>一、组织领导</b>\t\t\t",
                    "1.区党政负责同志到受帮扶县（区）调研情况\t次\t1\t区委组织部",
                    "2.召开区级高层联席会议情况\t次\t1\t",
                    "**二、助力巩固拓展脱贫攻坚成果**\t\t\t",
                    "3.帮助四川省农村劳动力到我省就业数(含存量)\t人\t1,400\t区人力社保局",
                    "4.培训四川省农村劳动力人数\t人\t１２００\t",
                    "续建产业园区数\t个\t-\t",
                    "5.吸纳农村劳动力就业数（含存量）\t人\t75\t",
                    "6.其中：脱贫人口数（含存量）\t人\t50\t",
                    "7.消费帮扶情况\t亿元\t0.3\t区人力社保局"));

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::category, Indicator::name,
                    Indicator::measureUnit, Indicator::targetText, Indicator::includesStock, Indicator::parentCode,
                    Indicator::responsible, Indicator::location).containsExactly(
                    tuple("1", "组织领导", "区党政负责同志到受帮扶县（区）调研情况", "次", "1", false, null, List.of("区委组织部"), "line 17"),
                    tuple("2", "组织领导", "召开区级高层联席会议情况", "次", "1", false, null, List.of("区委组织部"), "line 18"),
                    tuple("3", "助力巩固拓展脱贫攻坚成果", "帮助四川省农村劳动力到我省就业数（含存量）", "人", "1,400", true, null, List.of("区人力社保局"), "line 20"),
                    tuple("4", "助力巩固拓展脱贫攻坚成果", "培训四川省农村劳动力人数", "人", "１２００", false, null, List.of("区人力社保局"), "line 21"),
                    tuple(null, "助力巩固拓展脱贫攻坚成果", "续建产业园区数", "个", "-", false, null, List.of("区人力社保局"), "line 22"),
                    tuple("5", "助力巩固拓展脱贫攻坚成果", "吸纳农村劳动力就业数（含存量）", "人", "75", true, null, List.of("区人力社保局"), "line 23"),
                    tuple("6", "助力巩固拓展脱贫攻坚成果", "其中：脱贫人口数（含存量）", "人", "50", true, "5", List.of("区人力社保局"), "line 24"),
                    tuple("7", "助力巩固拓展脱贫攻坚成果", "消费帮扶情况", "亿元", "0.3", false, null, List.of("区人力社保局"), "line 25"));
            assertTarget(indicator(book, "区党政负责同志到受帮扶县（区）调研情况"), "1");
            assertTarget(indicator(book, "帮助四川省农村劳动力到我省就业数（含存量）"), "1400");
            assertTarget(indicator(book, "培训四川省农村劳动力人数"), "1200");
            assertTarget(indicator(book, "消费帮扶情况"), "0.3");
            Indicator continued = indicator(book, "续建产业园区数");
            assertThat(continued.target()).isNull();
            assertThat(continued.assessed()).isFalse();
            assertThat(continued.statisticsOnly()).isFalse();
            Indicator child = indicator(book, "其中：脱贫人口数（含存量）");
            assertThat(book.indicators().get(child.parentIndex()).code()).isEqualTo("5");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsLeadAndSupportColumnsAsOneListLeadFirst() {
            ParsedTaskBook book = parser.parse("任务书.md", LayoutDocuments.text(textWithHeader(
                    "## 一、区发改局",
                    "1. 统筹推进东西部协作工作。",
                    "## 二、区人力社保局",
                    "1. 开展劳务协作。",
                    "## 三、区财政局（区国资办）",
                    "1. 加大资金支持。",
                    "附件",
                    "**2021年普陀-万源东西部协作主要任务指标分解表**",
                    "| 序号 | 指标名称 | 单位 | 目标任务 | 牵头单位 | 配合单位 | 备注 |",
                    "|:---:|---|---|---:|---|---|---|",
                    "| **一、组织领导** | | | | | | |",
                    "| 1 | 召开高层联席会议 | 次 | 2 | 区发改局 | 区委办，区政府办 | |",
                    "| 2 | 党政主要负责同志赴万源调研 | 次 | 1 | | | |",
                    "| <b>二、劳务协作</b> | | | | | | |",
                    "| 3 | 帮助农村劳动力到浙江就业数 | 人 | 1,400 | 区人社局 | 区财政局 | |",
                    "| 4 | 培训农村劳动力 | 人次 | 850 | 区人力资源和社会保障局 | | |",
                    "| 5 | 消费帮扶金额 | 亿元 | 0.30 | 区财政局(区国资办) | 区发改局、区人力社保局 | 含线上 |")));

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::category, Indicator::responsible).containsExactly(
                    tuple("1", "组织领导", List.of("区发改局", "区委办", "区政府办")),
                    tuple("2", "组织领导", List.of("区发改局", "区委办", "区政府办")),
                    tuple("3", "劳务协作", List.of("区人力社保局", "区财政局（区国资办）")),
                    tuple("4", "劳务协作", List.of("区人力社保局")),
                    tuple("5", "劳务协作", List.of("区财政局（区国资办）", "区发改局", "区人力社保局")));
            assertTarget(indicator(book, "召开高层联席会议"), "2");
            assertTarget(indicator(book, "帮助农村劳动力到浙江就业数"), "1400");
            assertTarget(indicator(book, "消费帮扶金额"), "0.3");
            assertThat(indicator(book, "消费帮扶金额").targetText()).isEqualTo("0.30");
            assertThat(book.indicators()).extracting(Indicator::location)
                    .containsExactly("line 20", "line 21", "line 23", "line 24", "line 25");
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 20, column 配合单位", "单位「区委办」未在部门章节中出现，已作为新单位加入"),
                    tuple("line 20, column 配合单位", "单位「区政府办」未在部门章节中出现，已作为新单位加入"),
                    tuple("line 23, column 牵头单位", "「区人社局」按别名识别为「区人力社保局」"),
                    tuple("line 23, column 配合单位", "「区财政局」按别名识别为「区财政局（区国资办）」"),
                    tuple("line 24, column 牵头单位", "「区人力资源和社会保障局」按别名识别为「区人力社保局」"));
        }

        @Test
        void readsAWordTableWithMergedCategoryResponsibleAndStatisticsCells() {
            Object[] header = row("序号", "指标名称", "单位", "目标任务", "牵头单位", "配合单位", "备注");
            byte[] docx = word()
                    .paragraphs(textWithHeader("一、区发改局", "1.统筹推进东西部协作工作。", "附件",
                            "2021年普陀-万源东西部协作工作主要任务指标分解表"))
                    .table(header,
                            row("一、组织领导", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT),
                            row("1", "区党政负责同志到受帮扶县（区）调研情况", "次", "1", "区委办", "区政府办", ""),
                            row("2", "召开区级高层联席会议情况", "次", "1", UP, UP, ""),
                            row("二", "加强区域协作", LEFT, LEFT, LEFT, LEFT, LEFT),
                            row("3", "引导企业到四川投资兴业数", "个", "4", "区发改局", "区经信局、区投资促进中心", ""),
                            row("4", "入园企业吸纳农村劳动力就业数", "人", "该指标只作统\n计， 不作考核", UP, UP, ""),
                            row("5", "入园企业吸纳脱贫人口就业数", "人", UP, UP, UP, ""),
                            row("6", "共建（新建）产业园区数", "个", "1", UP, UP, ""),
                            header,
                            row("7", "援建（续建）车间数（含存量）", "个", "6", "区农业农村局", "", "只作统计不作考核"),
                            row("8", "吸纳农村劳动力就业数(含存量)", "人", "75", "", "", ""))
                    .paragraphs("抄送：区委各部门。")
                    .bytes();

            ParsedTaskBook book = parser.parse("任务书.docx", docx);

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::category, Indicator::name, Indicator::responsible,
                    Indicator::location).containsExactly(
                    tuple("1", "组织领导", "区党政负责同志到受帮扶县（区）调研情况", List.of("区委办", "区政府办"), "table row 3"),
                    tuple("2", "组织领导", "召开区级高层联席会议情况", List.of("区委办", "区政府办"), "table row 4"),
                    tuple("3", "加强区域协作", "引导企业到四川投资兴业数", List.of("区发改局", "区经信局", "区投资促进中心"), "table row 6"),
                    tuple("4", "加强区域协作", "入园企业吸纳农村劳动力就业数", List.of("区发改局", "区经信局", "区投资促进中心"), "table row 7"),
                    tuple("5", "加强区域协作", "入园企业吸纳脱贫人口就业数", List.of("区发改局", "区经信局", "区投资促进中心"), "table row 8"),
                    tuple("6", "加强区域协作", "共建（新建）产业园区数", List.of("区发改局", "区经信局", "区投资促进中心"), "table row 9"),
                    tuple("7", "加强区域协作", "援建（续建）车间数（含存量）", List.of("区农业农村局"), "table row 11"),
                    tuple("8", "加强区域协作", "吸纳农村劳动力就业数（含存量）", List.of("区农业农村局"), "table row 12"));
            assertTarget(indicator(book, "区党政负责同志到受帮扶县（区）调研情况"), "1");
            assertTarget(indicator(book, "共建（新建）产业园区数"), "1");
            assertStatisticsOnly(indicator(book, "入园企业吸纳农村劳动力就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertStatisticsOnly(indicator(book, "援建（续建）车间数（含存量）"));
            assertThat(indicator(book, "援建（续建）车间数（含存量）").targetText()).isEqualTo("6");
            assertThat(indicator(book, "援建（续建）车间数（含存量）").includesStock()).isTrue();
            assertTarget(indicator(book, "吸纳农村劳动力就业数（含存量）"), "75");
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("table row 3, column 牵头单位", "单位「区委办」未在部门章节中出现，已作为新单位加入"),
                    tuple("table row 3, column 配合单位", "单位「区政府办」未在部门章节中出现，已作为新单位加入"),
                    tuple("table row 6, column 配合单位", "单位「区经信局」未在部门章节中出现，已作为新单位加入"),
                    tuple("table row 6, column 配合单位", "单位「区投资促进中心」未在部门章节中出现，已作为新单位加入"),
                    tuple("table row 11, column 牵头单位", "单位「区农业农村局」未在部门章节中出现，已作为新单位加入"));
        }

        @Test
        void readsAnExcelSheetWithACategoryColumnMergedDown() {
            byte[] xlsx = excel()
                    .sheet("通知", HEADER.stream().map(line -> row(line)).toArray(Object[][]::new))
                    .sheet("指标分解表",
                            row("2021年普陀-万源东西部协作工作主要任务指标分解表", LEFT, LEFT, LEFT, LEFT, LEFT),
                            row("类别", "序号", "指标名称", "单位", "目标任务", "责任单位"),
                            row("组织领导", 1, "调研次数", "次", 1, "区委办、区政府办"),
                            row(UP, 2, "联席会议次数", "次", 1, UP),
                            row("区域协作", 3, "引导企业投资兴业数", "个", 4, ""),
                            row(UP, 4, "企业实际投资额", "亿元", 0.3, "区发改局，区经信局"),
                            row(UP, 5, "入园企业吸纳就业数", "人", "只作统计\n不作考核", UP),
                            row(UP, 6, "入园企业吸纳脱贫人口就业数", "人", UP, UP),
                            row(UP, 7, "引导落地企业个数(含存量)", "个", "1,400", ""),
                            row(UP, "", "其中：新落地企业个数", "个", 2, ""),
                            row("注：第7项只作统计，不作考核", LEFT, LEFT, LEFT, LEFT, LEFT))
                    .bytes();

            ParsedTaskBook book = parser.parse("任务书.xlsx", xlsx);

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::category, Indicator::name, Indicator::measureUnit,
                    Indicator::parentCode, Indicator::responsible).containsExactly(
                    tuple("1", "组织领导", "调研次数", "次", null, List.of("区委办", "区政府办")),
                    tuple("2", "组织领导", "联席会议次数", "次", null, List.of("区委办", "区政府办")),
                    tuple("3", "区域协作", "引导企业投资兴业数", "个", null, List.of()),
                    tuple("4", "区域协作", "企业实际投资额", "亿元", null, List.of("区发改局", "区经信局")),
                    tuple("5", "区域协作", "入园企业吸纳就业数", "人", null, List.of("区发改局", "区经信局")),
                    tuple("6", "区域协作", "入园企业吸纳脱贫人口就业数", "人", null, List.of("区发改局", "区经信局")),
                    tuple("7", "区域协作", "引导落地企业个数（含存量）", "个", null, List.of("区发改局", "区经信局")),
                    tuple(null, "区域协作", "其中：新落地企业个数", "个", "7", List.of("区发改局", "区经信局")));
            assertTarget(indicator(book, "调研次数"), "1");
            assertTarget(indicator(book, "企业实际投资额"), "0.3");
            assertTarget(indicator(book, "其中：新落地企业个数"), "2");
            assertStatisticsOnly(indicator(book, "入园企业吸纳就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertStatisticsOnly(indicator(book, "引导落地企业个数（含存量）"));
            assertThat(indicator(book, "引导落地企业个数（含存量）").targetText()).isEqualTo("1,400");
            assertThat(indicator(book, "引导落地企业个数（含存量）").includesStock()).isTrue();
            assertThat(book.plan().title()).isEqualTo("2021年普陀-万源东西部协作工作任务书");
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("sheet 指标分解表 row 3, column 责任单位", "单位「区委办」未在部门章节中出现，已作为新单位加入"),
                    tuple("sheet 指标分解表 row 3, column 责任单位", "单位「区政府办」未在部门章节中出现，已作为新单位加入"),
                    tuple("sheet 指标分解表 row 5, column 责任单位", "责任单位为空，且上方同类别中没有可沿用的责任单位"),
                    tuple("sheet 指标分解表 row 6, column 责任单位", "单位「区发改局」未在部门章节中出现，已作为新单位加入"),
                    tuple("sheet 指标分解表 row 6, column 责任单位", "单位「区经信局」未在部门章节中出现，已作为新单位加入"));
        }

        @Test
        void readsANoticeAndItsTableFromOneExcelSheet() {
            List<Object[]> rows = new ArrayList<>();
            withHeader("一、区委组织部", "1.做好干部人才选派工作。", "二、区发改局", "1.统筹推进东西部协作工作。", "附件",
                    "2021年普陀-万源东西部协作工作主要任务指标分解表")
                    .forEach(line -> rows.add(row(line, LEFT, LEFT, LEFT)));
            rows.add(row("指标名称", "单位", "目标任务", "责任单位"));
            rows.add(row("1.调研次数", "次", 1, "区委组织部"));
            rows.add(row("2.联席会议次数", "次", 2, "区发改局"));

            ParsedTaskBook book = parser.parse("任务书.xlsx", excel().sheet("任务书", rows.toArray(Object[][]::new)).bytes());

            assertThat(book.plan().docNumber()).isEqualTo("舟普政办〔2021〕71号");
            assertThat(book.plan().title()).isEqualTo("2021年普陀-万源东西部协作工作任务书");
            assertThat(tasks(book)).containsExactly(
                    tuple(List.of("区委组织部"), 1, "做好干部人才选派工作。"),
                    tuple(List.of("区发改局"), 1, "统筹推进东西部协作工作。"));
            assertThat(book.indicators()).extracting(Indicator::name, Indicator::responsible, Indicator::location).containsExactly(
                    tuple("调研次数", List.of("区委组织部"), "sheet 任务书 row 16"),
                    tuple("联席会议次数", List.of("区发改局"), "sheet 任务书 row 17"));
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsCategoryRowsWrittenInTheCodeAndNameColumns() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区委组织部", "1.做好干部人才选派工作。", "附件",
                    "序号\t指标名称\t单位\t目标任务\t责任单位",
                    "一\t组织领导\t\t\t",
                    "1\t调研次数\t次\t1\t区委组织部",
                    "二、\t区域协作\t\t\t",
                    "2\t引导企业投资兴业数\t个\t4\t区委组织部",
                    "三、乡村振兴\t\t\t\t",
                    "3\t选派专业技术人才数\t人\t2\t区委组织部"));

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::category, Indicator::name).containsExactly(
                    tuple("1", "组织领导", "调研次数"),
                    tuple("2", "区域协作", "引导企业投资兴业数"),
                    tuple("3", "乡村振兴", "选派专业技术人才数"));
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void inheritsABlankResponsibleCellOnlyWithinItsCategory() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区委组织部", "1.做好干部人才选派工作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "一、组织领导\t\t\t",
                    "1.调研次数\t次\t1\t区委组织部",
                    "2.联席会议次数\t次\t1\t",
                    "3.结对学校数\t个\t4\t",
                    "二、区域协作\t\t\t",
                    "4.引导企业投资兴业数\t个\t4\t",
                    "5.企业实际投资额\t亿元\t4\t"));

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::responsible).containsExactly(
                    tuple("1", List.of("区委组织部")),
                    tuple("2", List.of("区委组织部")),
                    tuple("3", List.of("区委组织部")),
                    tuple("4", List.of()),
                    tuple("5", List.of()));
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 18, column 责任单位", "责任单位为空，且上方同类别中没有可沿用的责任单位"),
                    tuple("line 19, column 责任单位", "责任单位为空，且上方同类别中没有可沿用的责任单位"));
        }

        @Test
        void readsADashOrBlankTargetAsNoTarget() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区委组织部", "1.做好干部人才选派工作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "一、组织领导\t\t\t",
                    "1.调研次数\t次\t—\t区委组织部",
                    "续建产业园区数\t个\t-\t",
                    "2.联席会议次数\t次\t\t",
                    "3.结对学校数\t个\t/\t"));

            assertThat(book.indicators()).extracting(Indicator::name, Indicator::target, Indicator::targetText,
                    Indicator::assessed, Indicator::statisticsOnly).containsExactly(
                    tuple("调研次数", null, "—", false, false),
                    tuple("续建产业园区数", null, "-", false, false),
                    tuple("联席会议次数", null, "", false, false),
                    tuple("结对学校数", null, "/", false, false));
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 16, column 目标任务", "指标「联席会议次数」目标任务为空，按无目标处理（不考核）"));
        }

        @Test
        void keepsANonNumericTargetAsTextWithAWarning() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区发改局", "1.统筹推进东西部协作工作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "一、区域协作\t\t\t",
                    "1.农村居民人均可支配收入增长\t%\t与经济增长基本同步\t区发改局",
                    "2.帮扶资金增长\t%\t-5\t区发改局"));

            Indicator income = indicator(book, "农村居民人均可支配收入增长");
            assertThat(income.targetText()).isEqualTo("与经济增长基本同步");
            assertThat(income.target()).isNull();
            assertThat(income.assessed()).isFalse();
            assertThat(income.statisticsOnly()).isFalse();
            assertThat(income.measureUnit()).isEqualTo("%");
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 14, column 目标任务", "目标任务不是数字：「与经济增长基本同步」，已保留原文，不计算完成率"),
                    tuple("line 15, column 目标任务", "目标任务为负数：「-5」，已保留原文，不计算完成率"));
        }

        @Test
        void readsThousandsSeparatorsAndFullWidthDigitsExactly() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区人力社保局", "1.开展劳务协作。", "附件",
                    "| 指标名称 | 单位 | 目标任务 | 责任单位 |",
                    "| --- | --- | --- | --- |",
                    "| 1.农村劳动力就业数 | 人 | 1,400 | 区人力社保局 |",
                    "| 2.脱贫人口就业数 | 人 | １４００ | 区人力社保局 |",
                    "| 3.社会帮扶资金 | 万元 | 12,345.67 | 区人力社保局 |",
                    "| 4.消费帮扶金额 | 亿元 | ０．３ | 区人力社保局 |",
                    "| 5.培训人次 | 人次 | 1，200 | 区人力社保局 |"));

            assertTarget(indicator(book, "农村劳动力就业数"), "1400");
            assertTarget(indicator(book, "脱贫人口就业数"), "1400");
            assertTarget(indicator(book, "社会帮扶资金"), "12345.67");
            assertThat(indicator(book, "社会帮扶资金").target()).isEqualTo(new BigDecimal("12345.67"));
            assertTarget(indicator(book, "消费帮扶金额"), "0.3");
            assertTarget(indicator(book, "培训人次"), "1200");
            assertThat(book.indicators()).extracting(Indicator::targetText)
                    .containsExactly("1,400", "１４００", "12,345.67", "０．３", "1，200");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void takesTheUnitFromTheNameWhenThereIsNoUnitColumn() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区农业农村局", "1.推进产业合作。", "附件",
                    "指标名称\t目标任务\t责任单位",
                    "1.建成共富工坊(个)\t3\t区农业农村局",
                    "2.吸纳就业数（含存量）（人）\t120\t区农业农村局",
                    "3.社会帮扶资金（万元）\t50\t区农业农村局",
                    "4.续建车间数（含存量）\t2\t区农业农村局"));

            assertThat(book.indicators()).extracting(Indicator::name, Indicator::measureUnit, Indicator::includesStock)
                    .containsExactly(
                            tuple("建成共富工坊", "个", false),
                            tuple("吸纳就业数（含存量）", "人", true),
                            tuple("社会帮扶资金", "万元", false),
                            tuple("续建车间数（含存量）", null, true));
            assertTarget(indicator(book, "建成共富工坊"), "3");
            assertTarget(indicator(book, "吸纳就业数（含存量）"), "120");
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 16, column 单位", "指标「续建车间数（含存量）」缺少计量单位"));
        }

        @Test
        void marksIncludesStockWithEitherKindOfParentheses() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区人力社保局", "1.开展劳务协作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "1.到我省就业数（含存量）\t人\t1400\t区人力社保局",
                    "2.就近就业数(含存量)\t人\t900\t区人力社保局",
                    "3.到其他地区就业数 ( 含存量 )\t人\t1080\t区人力社保局",
                    "4.培训人数\t人\t850\t区人力社保局"));

            assertThat(book.indicators()).extracting(Indicator::name, Indicator::includesStock).containsExactly(
                    tuple("到我省就业数（含存量）", true),
                    tuple("就近就业数（含存量）", true),
                    tuple("到其他地区就业数（含存量）", true),
                    tuple("培训人数", false));
        }

        @Test
        void findsColumnsWhoseHeaderCarriesARemarkInParentheses() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区发改局", "1.统筹推进东西部协作工作。", "二、区经信局", "1.加强互访对接。", "附件",
                    "序号\t指标名称\t单位(个、人)\t目标任务（2021年）\t责任单位（列第一位的为牵头单位）",
                    "1\t引导企业到四川投资兴业数\t个\t4\t区经信局、区发改局",
                    "2\t企业吸纳农村劳动力就业数\t人\t350\t"));

            assertThat(book.indicators()).extracting(Indicator::name, Indicator::measureUnit, Indicator::targetText,
                    Indicator::responsible).containsExactly(
                    tuple("引导企业到四川投资兴业数", "个", "4", List.of("区经信局", "区发改局")),
                    tuple("企业吸纳农村劳动力就业数", "人", "350", List.of("区经信局", "区发改局")));
            assertTarget(indicator(book, "企业吸纳农村劳动力就业数"), "350");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsAnExcelCellFormattedAsAPercentageAsThePercentageShown() {
            byte[] xlsx = excel().sheet("指标分解表",
                            row("指标名称", "单位", "目标任务", "责任单位"),
                            row("1.脱贫劳动力务工就业率", "%", percent(0.3), "区人力社保局"),
                            row("2.帮扶资金用于产业项目比例", "%", percent(0.655), "区人力社保局"),
                            row("3.帮扶资金增长", "%", 5, "区人力社保局"))
                    .bytes();

            ParsedTaskBook book = parser.parse("指标.xlsx", xlsx);

            assertTarget(indicator(book, "脱贫劳动力务工就业率"), "30");
            assertThat(indicator(book, "脱贫劳动力务工就业率").targetText()).isEqualTo("30%");
            assertTarget(indicator(book, "帮扶资金用于产业项目比例"), "65.5");
            assertTarget(indicator(book, "帮扶资金增长"), "5");
            assertThat(book.indicators()).extracting(Indicator::measureUnit).containsOnly("%");
        }

        @Test
        void makesUnnumberedChildRowsChildrenOfTheRowAbove() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区人力社保局", "1.开展劳务协作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "一、劳务协作\t\t\t",
                    "1.吸纳农村劳动力就业数\t人\t75\t区人力社保局",
                    "其中：脱贫人口数\t人\t50\t",
                    "其中：监测对象数\t人\t10\t",
                    "2.培训人数\t人\t850\t",
                    "续建车间数\t个\t-\t",
                    "其中：新建车间数\t个\t1\t",
                    "二、区域协作\t\t\t",
                    "其中：园区企业数\t个\t2\t区人力社保局"));

            assertThat(book.indicators()).extracting(Indicator::code, Indicator::name, Indicator::parentCode, Indicator::parentIndex)
                    .containsExactly(
                            tuple("1", "吸纳农村劳动力就业数", null, null),
                            tuple(null, "其中：脱贫人口数", "1", 0),
                            tuple(null, "其中：监测对象数", "1", 0),
                            tuple("2", "培训人数", null, null),
                            tuple(null, "续建车间数", null, null),
                            tuple(null, "其中：新建车间数", null, 4),
                            tuple(null, "其中：园区企业数", null, null));
            assertThat(bodyWarnings(book)).containsExactly(tuple("line 21", "「其中」行上方没有可归属的指标"));
        }
    }

    // ================================================================ statistics only

    @Nested
    class StatisticsOnly {

        @Test
        void readsThePhraseBrokenAcrossLinesWithStraySpacesInATextTable() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区发改局", "1.统筹推进东西部协作工作。", "附件",
                    "| 指标名称 | 单位 | 目标任务 | 责任单位 |",
                    "|---|---|---|---|",
                    "| 1.入园企业吸纳农村劳动力就业数 | 人 | 该指标 只作统<br>计，不 作考 核 | 区发改局 |",
                    "| 2.入园企业吸纳脱贫人口就业数 | 人 | | |",
                    "| 3.共建产业园 | 个 | 1 | |"));

            assertStatisticsOnly(indicator(book, "入园企业吸纳农村劳动力就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertTarget(indicator(book, "共建产业园"), "1");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsThePhraseInAnExcelCellMergedOverSeveralRows() {
            byte[] xlsx = excel().sheet("指标分解表",
                            row("2021年普陀-万源东西部协作工作主要任务指标分解表", LEFT, LEFT, LEFT),
                            row("指标名称", "单位", "目标任务", "责任单位"),
                            row("1.共建产业园区数", "个", 1, "区发改局"),
                            row("2.入园企业吸纳农村劳动力就业数", "人", "只作统计，\n不作 考核", UP),
                            row("3.入园企业吸纳脱贫人口就业数", "人", UP, UP),
                            row("4.入园企业吸纳监测对象就业数", "人", UP, UP),
                            row("5.共建农业产业园", "个", 2, UP),
                            row("指标名称", "单位", "目标任务", "责任单位"),
                            row("6.引导落地企业个数", "个", 1400, "区发改局"))
                    .bytes();

            ParsedTaskBook book = parser.parse("指标.xlsx", xlsx);

            assertTarget(indicator(book, "共建产业园区数"), "1");
            assertStatisticsOnly(indicator(book, "入园企业吸纳农村劳动力就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳监测对象就业数"));
            assertTarget(indicator(book, "共建农业产业园"), "2");
            assertTarget(indicator(book, "引导落地企业个数"), "1400");
            assertThat(book.indicators()).extracting(Indicator::code).containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(book.indicators()).extracting(Indicator::responsible).containsOnly(List.of("区发改局"));
            assertThat(TaskBookJson.write(book)).contains("\"target\" : 1400,").doesNotContain("E+");
        }

        @Test
        void readsThePhraseInARemarkColumn() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区发改局", "1.统筹推进东西部协作工作。", "附件",
                    "序号\t指标名称\t单位\t目标任务\t牵头单位\t配合单位\t备注",
                    "1\t入园企业吸纳就业数\t人\t300\t区发改局\t\t只作统计，不作考核",
                    "2\t共建产业园\t个\t1\t区发改局\t\t新建",
                    "3\t续建产业园\t个\t-\t区发改局\t\t（仅作统计）"));

            Indicator employed = indicator(book, "入园企业吸纳就业数");
            assertStatisticsOnly(employed);
            assertThat(employed.targetText()).isEqualTo("300");
            assertTarget(indicator(book, "共建产业园"), "1");
            assertStatisticsOnly(indicator(book, "续建产业园"));
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsThePhraseInTheIndicatorName() {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区发改局", "1.统筹推进东西部协作工作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "1.入园企业吸纳就业数（只作统计，不作考核）\t人\t300\t区发改局"));

            Indicator employed = book.indicators().get(0);
            assertThat(employed.name()).isEqualTo("入园企业吸纳就业数");
            assertStatisticsOnly(employed);
        }

        @ParameterizedTest
        @ValueSource(strings = {"注：第2、3项只作统计，不作考核。", "注：2021年第2、3项只作统计，不作考核", "注:第2项、第3项仅作统计,不作考核",
                "注：第2-3项只作统计，不作考核", "注：第2至3项只作统计，不作考核"})
        void readsAFootnoteUnderATextTable(String note) {
            ParsedTaskBook book = parseText(textWithHeader(
                    "一、区发改局", "1.统筹推进东西部协作工作。", "附件",
                    "指标名称\t单位\t目标任务\t责任单位",
                    "1.共建产业园区数\t个\t1\t区发改局",
                    "2.入园企业吸纳农村劳动力就业数\t人\t300\t区发改局",
                    "3.入园企业吸纳脱贫人口就业数\t人\t100\t区发改局",
                    "20.共建农业产业园\t个\t1\t区发改局",
                    "21.援建车间数\t个\t6\t区发改局",
                    note));

            assertTarget(indicator(book, "共建产业园区数"), "1");
            assertStatisticsOnly(indicator(book, "入园企业吸纳农村劳动力就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertTarget(indicator(book, "共建农业产业园"), "1");
            assertTarget(indicator(book, "援建车间数"), "6");
            assertThat(indicator(book, "入园企业吸纳农村劳动力就业数").targetText()).isEqualTo("300");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsAFootnoteUnderAWordTable() {
            byte[] docx = word()
                    .paragraphs(textWithHeader("一、区发改局", "1.统筹推进东西部协作工作。", "附件"))
                    .table(row("序号", "指标名称", "单位", "目标任务", "责任单位"),
                            row("22", "入园企业吸纳农村劳动力就业数", "人", "300", "区发改局"),
                            row("23", "入园企业吸纳脱贫人口就业数", "人", "100", UP),
                            row("24", "共建农业产业园", "个", "1", UP))
                    .paragraphs("注：第22、23项只作统计，不作考核")
                    .bytes();

            ParsedTaskBook book = parser.parse("任务书.docx", docx);

            assertStatisticsOnly(indicator(book, "入园企业吸纳农村劳动力就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertTarget(indicator(book, "共建农业产业园"), "1");
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void readsAFootnoteRowInsideAnExcelSheetWithoutTakingItForACategory() {
            byte[] xlsx = excel().sheet("指标分解表",
                            row("2021年普陀-万源东西部协作工作主要任务指标分解表", LEFT, LEFT, LEFT),
                            row("指标名称", "单位", "目标任务", "责任单位"),
                            row("一、区域协作", LEFT, LEFT, LEFT),
                            row("22.入园企业吸纳农村劳动力就业数", "人", 300, "区发改局"),
                            row("23.入园企业吸纳脱贫人口就业数", "人", 100, "区发改局"),
                            row("24.共建农业产业园", "个", 1, "区发改局"),
                            row("注：第22、23项只作统计，不作考核", LEFT, LEFT, LEFT))
                    .bytes();

            ParsedTaskBook book = parser.parse("指标.xlsx", xlsx);

            assertThat(book.indicators()).extracting(Indicator::code).containsExactly("22", "23", "24");
            assertThat(book.indicators()).extracting(Indicator::category).containsOnly("区域协作");
            assertStatisticsOnly(indicator(book, "入园企业吸纳农村劳动力就业数"));
            assertStatisticsOnly(indicator(book, "入园企业吸纳脱贫人口就业数"));
            assertTarget(indicator(book, "共建农业产业园"), "1");
        }
    }

    // ================================================================ responsible units

    @Nested
    class ResponsibleUnits {

        private ParsedTaskBook table(String... rows) {
            List<String> lines = withHeader(
                    "一、区人力社保局", "1.开展劳务协作。",
                    "二、区卫健局", "1.深化医院结对帮扶。",
                    "三、区发改局", "1.统筹推进东西部协作工作。",
                    "四、区财政局（区国资办）", "1.加大资金支持。",
                    "五、区农业农村局", "1.推进产业合作。",
                    "附件",
                    "指标名称\t单位\t目标任务\t责任单位");
            lines.addAll(Arrays.asList(rows));
            return parse(Format.TEXT, lines);
        }

        @Test
        void splitsListsOnSpacesEnumerationCommasAndCommas() {
            ParsedTaskBook book = table(
                    "1.甲\t个\t1\t区发改局 区卫健局",
                    "2.乙\t个\t1\t区发改局、区卫健局、区农业农村局",
                    "3.丙\t个\t1\t区农业农村局，区发改局",
                    "4.丁\t个\t1\t区农业农村局,区卫健局　区发改局");

            assertThat(book.indicators()).extracting(Indicator::responsible).containsExactly(
                    List.of("区发改局", "区卫健局"),
                    List.of("区发改局", "区卫健局", "区农业农村局"),
                    List.of("区农业农村局", "区发改局"),
                    List.of("区农业农村局", "区卫健局", "区发改局"));
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void dropsATrailingEtcWithAWarning() {
            ParsedTaskBook book = table(
                    "1.社会捐赠款物金额\t万元\t350\t区发改局、区财政局等",
                    "2.参与结对的东部企业数\t个\t8\t区发改局 区农业农村局等单位");

            assertThat(book.indicators()).extracting(Indicator::responsible).containsExactly(
                    List.of("区发改局", "区财政局（区国资办）"),
                    List.of("区发改局", "区农业农村局"));
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 21, column 责任单位", "责任单位列表以「等」结尾，可能不完整：区发改局、区财政局等"),
                    tuple("line 21, column 责任单位", "「区财政局」按别名识别为「区财政局（区国资办）」"),
                    tuple("line 22, column 责任单位", "责任单位列表以「等」结尾，可能不完整：区发改局、区农业农村局等"));
        }

        @ParameterizedTest
        @CsvSource({
                "区人社局,区人力社保局",
                "区人力资源和社会保障局,区人力社保局",
                "区人力资源社会保障局,区人力社保局",
                "普陀区人力社保局,区人力社保局",
                "区卫健委,区卫健局",
                "区卫生健康委员会,区卫健局",
                "区卫生健康委,区卫健局",
                "区发改委,区发改局",
                "区发展和改革局,区发改局",
                "区发展和改革委员会,区发改局",
                "区发展改革委,区发改局",
                "区发展改革委员会,区发改局",
                "区财政局,区财政局（区国资办）",
                "区财政局(区国资办),区财政局（区国资办）",
                "区国资办,区财政局（区国资办）",
                "区发展改革局,区发改局",
                "区卫生健康局,区卫健局"})
        void resolvesAnAliasToTheSectionUnit(String printed, String unit) {
            ParsedTaskBook book = table("1.指标\t个\t1\t" + printed);

            assertThat(book.indicators().get(0).responsible()).containsExactly(unit);
            assertThat(book.units()).hasSize(5);
            String alias = printed.strip().replace('(', '（').replace(')', '）');
            if (alias.equals(unit)) {
                assertThat(book.warnings()).isEmpty();
            } else {
                assertThat(book.units()).filteredOn(u -> u.name().equals(unit)).singleElement()
                        .extracting(ParsedTaskBook.Unit::aliases).isEqualTo(List.of(alias));
                assertThat(bodyWarnings(book)).containsExactly(
                        tuple("line 21, column 责任单位", "「" + alias + "」按别名识别为「" + unit + "」"));
            }
        }

        @Test
        void recordsEachAliasOnceAndResolvesItSilentlyAfterwards() {
            ParsedTaskBook book = table(
                    "1.甲\t个\t1\t区人社局",
                    "2.乙\t个\t1\t区人社局 区卫健委",
                    "3.丙\t个\t1\t区人力资源和社会保障局");

            assertThat(book.indicators()).extracting(Indicator::responsible).containsExactly(
                    List.of("区人力社保局"), List.of("区人力社保局", "区卫健局"), List.of("区人力社保局"));
            assertThat(book.units()).filteredOn(u -> u.name().equals("区人力社保局")).singleElement()
                    .extracting(ParsedTaskBook.Unit::aliases).isEqualTo(List.of("区人社局", "区人力资源和社会保障局"));
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 21, column 责任单位", "「区人社局」按别名识别为「区人力社保局」"),
                    tuple("line 22, column 责任单位", "「区卫健委」按别名识别为「区卫健局」"),
                    tuple("line 23, column 责任单位", "「区人力资源和社会保障局」按别名识别为「区人力社保局」"));
        }

        @Test
        void putsAUnitMarkedAsLeadFirstAndDropsTheMarkAndTheRuleNote() {
            ParsedTaskBook book = table(
                    "1.甲\t个\t1\t区发改局、区卫健局（牵头）",
                    "2.乙\t个\t1\t区农业农村局 区发改局(牵头单位)",
                    "3.丙\t个\t1\t区卫健局、区发改局（列第一位者为牵头单位）");

            assertThat(book.indicators()).extracting(Indicator::responsible).containsExactly(
                    List.of("区卫健局", "区发改局"),
                    List.of("区发改局", "区农业农村局"),
                    List.of("区卫健局", "区发改局"));
            assertThat(book.units()).hasSize(5).allMatch(u -> u.aliases().isEmpty());
            assertThat(book.warnings()).isEmpty();
        }

        @Test
        void createsUnitsNamedOnlyInTheTableAndSuggestsTheLikelyMeantUnit() {
            ParsedTaskBook book = table(
                    "1.甲\t个\t1\t区慈善总会",
                    "2.乙\t个\t1\t区农业农材局",
                    "3.丙\t个\t1\t区慈善总会 区农业农材局");

            assertThat(book.indicators()).extracting(Indicator::responsible).containsExactly(
                    List.of("区慈善总会"), List.of("区农业农材局"), List.of("区慈善总会", "区农业农材局"));
            assertThat(book.units()).extracting(ParsedTaskBook.Unit::name, ParsedTaskBook.Unit::fromSection).containsExactly(
                    tuple("区人力社保局", true), tuple("区卫健局", true), tuple("区发改局", true),
                    tuple("区财政局（区国资办）", true), tuple("区农业农村局", true),
                    tuple("区慈善总会", false), tuple("区农业农材局", false));
            assertThat(book.units()).filteredOn(u -> !u.fromSection()).extracting(ParsedTaskBook.Unit::location)
                    .containsExactly("line 21, column 责任单位", "line 22, column 责任单位");
            assertThat(bodyWarnings(book)).containsExactly(
                    tuple("line 21, column 责任单位", "单位「区慈善总会」未在部门章节中出现，已作为新单位加入"),
                    tuple("line 22, column 责任单位", "单位「区农业农材局」未在部门章节中出现，已作为新单位加入；是否为「区农业农村局」？可在预览中合并"));
        }
    }

    // ================================================================ not a task book, CLI JSON

    @Test
    void rejectsATextWithoutSectionsOrTable() {
        byte[] text = LayoutDocuments.text(
                "关于召开全区东西部协作工作会议的通知",
                "各镇人民政府、街道办事处：",
                "定于10月20日召开全区东西部协作工作会议，请准时参加。",
                "舟山市普陀区人民政府办公室",
                "2021年10月19日");

        assertThatThrownBy(() -> parser.parse("会议通知.txt", text))
                .isInstanceOf(ImportRejected.class)
                .hasMessageStartingWith("未能识别为任务书")
                .hasMessage("未能识别为任务书：没有找到部门章节（如“一、区委组织部”及其任务）或指标分解表")
                .satisfies(e -> assertThat(((ImportRejected) e).fileName()).isEqualTo("会议通知.txt"));
    }

    @Test
    void writesTheCliJsonInItsDocumentedShape() {
        ParsedTaskBook book = parseText(textWithHeader(
                "一、区人力社保局",
                "1.开展劳务协作。",
                "附件",
                "指标名称\t单位\t目标任务\t责任单位",
                "1.到我省就业数（含存量）\t人\t1,400\t区人社局",
                "2.消费帮扶情况\t亿元\t0.30\t区人力社保局",
                "3.吸纳就业数\t人\t只作统计，不作考核\t区人力社保局"));

        assertThat(TaskBookJson.write(book)).isEqualToNormalizingNewlines("""
                {
                  "plan" : {
                    "title" : "2021年普陀-万源东西部协作工作任务书",
                    "noticeTitle" : "关于印发2021年普陀-万源东西部协作工作任务书的通知",
                    "year" : 2021,
                    "eastRegion" : "普陀",
                    "westRegion" : "万源",
                    "eastProvince" : "浙江省",
                    "westProvince" : "四川省",
                    "docNumber" : "舟普政办〔2021〕71号",
                    "issuer" : "舟山市普陀区人民政府办公室",
                    "issuedOn" : "2021-10-19"
                  },
                  "units" : [ {
                    "name" : "区人力社保局",
                    "aliases" : [ "区人社局" ]
                  } ],
                  "tasks" : [ {
                    "units" : [ "区人力社保局" ],
                    "seq" : 1,
                    "text" : "开展劳务协作。"
                  } ],
                  "indicators" : [ {
                    "code" : "1",
                    "category" : "",
                    "name" : "到我省就业数（含存量）",
                    "measureUnit" : "人",
                    "target" : 1400,
                    "targetText" : "1,400",
                    "assessed" : true,
                    "includesStock" : true,
                    "parentCode" : null,
                    "responsible" : [ "区人力社保局" ]
                  }, {
                    "code" : "2",
                    "category" : "",
                    "name" : "消费帮扶情况",
                    "measureUnit" : "亿元",
                    "target" : 0.3,
                    "targetText" : "0.30",
                    "assessed" : true,
                    "includesStock" : false,
                    "parentCode" : null,
                    "responsible" : [ "区人力社保局" ]
                  }, {
                    "code" : "3",
                    "category" : "",
                    "name" : "吸纳就业数",
                    "measureUnit" : "人",
                    "target" : null,
                    "targetText" : "只作统计，不作考核",
                    "assessed" : false,
                    "includesStock" : false,
                    "parentCode" : null,
                    "responsible" : [ "区人力社保局" ]
                  } ],
                  "warnings" : [ {
                    "location" : "line 13, column 责任单位",
                    "message" : "「区人社局」按别名识别为「区人力社保局」"
                  } ]
                }""");
    }

    // ================================================================ helpers

    private static final String DIGITS = "〇一二三四五六七八九";

    /** 1 → 一, 10 → 十, 21 → 二十一, 99 → 九十九. */
    static String chinese(int n) {
        int tens = n / 10;
        int units = n % 10;
        String text = tens == 0 ? "" : (tens == 1 ? "" : String.valueOf(DIGITS.charAt(tens))) + "十";
        return units == 0 ? text : text + DIGITS.charAt(units);
    }

    @Test
    void theNumeralHelperWritesNumbersAsDocumentsDo() {
        assertThat(Stream.of(1, 9, 10, 11, 20, 21, 99).map(TaskBookLayoutTests::chinese))
                .containsExactly("一", "九", "十", "十一", "二十", "二十一", "九十九");
    }
}
