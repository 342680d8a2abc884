package org.xiezuo.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference task book read from each format gives exactly the expected plan: every field of the
 * header, all 24 units, 42 tasks and 38 indicator rows ({@code expected/seed-taskbook.json}), and the
 * doubts each format raises.
 */
class TaskBookParserTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TaskBookParser parser = new TaskBookParser(ImporterSettings.defaults());

    @Test
    void readsTheSeedTextExactly() {
        ParsedTaskBook book = parser.parse("000_8dbde2f5342aad4c.txt", SeedDocuments.text());

        assertThat(withoutWarnings(book)).isEqualTo(expected());
        assertThat(book.warnings()).extracting(ParsedTaskBook.Warning::location, ParsedTaskBook.Warning::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("line 33", "孤立片段「作动态和鲜活信息。」已并入上一条任务（区委组织部第4条），请核对"),
                        org.assertj.core.groups.Tuple.tuple("line 167, column 责任单位", "单位「区委办」未在部门章节中出现，已作为新单位加入"),
                        org.assertj.core.groups.Tuple.tuple("line 167, column 责任单位", "单位「区政府办」未在部门章节中出现，已作为新单位加入"),
                        org.assertj.core.groups.Tuple.tuple("line 185, column 责任单位", "「区人社局」按别名识别为「区人力社保局」"),
                        org.assertj.core.groups.Tuple.tuple("line 187, column 单位", "计量单位「个」与指标名称不一致（名称计的是人数），已按原文保存，请核对"),
                        org.assertj.core.groups.Tuple.tuple("line 208, column 责任单位", "责任单位列表以「等」结尾，可能不完整：区发改局、区财政局（区国资办）、区工商联、区民政局、区慈善总会等"),
                        org.assertj.core.groups.Tuple.tuple("line 208, column 责任单位", "单位「区慈善总会」未在部门章节中出现，已作为新单位加入"),
                        org.assertj.core.groups.Tuple.tuple("line 211, column 责任单位", "单位「区海洋与渔业局」未在部门章节中出现，已作为新单位加入"));
    }

    @Test
    void readsTheWordFixtureExactly() {
        ParsedTaskBook book = parser.parse("任务书.docx", SeedDocuments.docx());

        assertThat(withoutWarnings(book)).isEqualTo(expected());
        assertThat(book.warnings()).extracting(ParsedTaskBook.Warning::message).containsExactlyElementsOf(seedMessages());
        assertThat(book.warnings().get(0).location()).startsWith("paragraph ");
        assertThat(book.warnings().get(1).location()).isEqualTo("table row 3, column 责任单位");
    }

    @Test
    void readsTheExcelFixtureExactly() {
        ParsedTaskBook book = parser.parse("任务书.xlsx", SeedDocuments.xlsx());

        assertThat(withoutWarnings(book)).isEqualTo(expected());
        assertThat(book.warnings()).extracting(ParsedTaskBook.Warning::message).containsExactlyElementsOf(seedMessages());
        assertThat(book.warnings().get(0).location()).startsWith("sheet 通知 row ");
        assertThat(book.warnings().get(1).location()).isEqualTo("sheet 指标分解表 row 4, column 责任单位");
    }

    @Test
    void theSeedHasTheCountsTheIssueStates() {
        ParsedTaskBook book = parser.parse("seed.txt", SeedDocuments.text());

        assertThat(book.units()).hasSize(24);
        assertThat(book.units()).filteredOn(ParsedTaskBook.Unit::fromSection).hasSize(20);
        assertThat(book.units()).filteredOn(u -> !u.fromSection()).extracting(ParsedTaskBook.Unit::name)
                .containsExactly("区委办", "区政府办", "区慈善总会", "区海洋与渔业局");
        assertThat(book.units()).filteredOn(u -> u.name().equals("区人力社保局")).singleElement()
                .extracting(ParsedTaskBook.Unit::aliases).isEqualTo(List.of("区人社局"));
        assertThat(book.units()).extracting(ParsedTaskBook.Unit::name).contains("区委统战部（区民宗局）", "区财政局（区国资办）");
        assertThat(book.tasks()).hasSize(42);
        assertThat(book.indicators()).hasSize(38);
        assertThat(book.indicators()).filteredOn(i -> i.code() != null).extracting(ParsedTaskBook.Indicator::code)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 36).mapToObj(String::valueOf).toList());
        assertThat(book.indicators()).filteredOn(i -> i.code() == null).extracting(ParsedTaskBook.Indicator::name)
                .containsExactly("续建产业园区数", "续建农业产业园数");
        assertThat(book.indicators()).filteredOn(ParsedTaskBook.Indicator::statisticsOnly)
                .extracting(ParsedTaskBook.Indicator::code).containsExactly("22", "23");
        assertThat(book.indicators()).filteredOn(i -> !i.assessed())
                .extracting(ParsedTaskBook.Indicator::name)
                .containsExactly("续建产业园区数", "入园企业吸纳农村劳动力就业数", "入园企业吸纳脱贫人口就业数", "续建农业产业园数");
        ParsedTaskBook.Indicator child = book.indicators().stream().filter(i -> "27".equals(i.code())).findFirst().orElseThrow();
        assertThat(child.parentCode()).isEqualTo("26");
        assertThat(book.indicators().get(child.parentIndex()).code()).isEqualTo("26");
        assertThat(book.indicators()).filteredOn(i -> i.parentCode() != null).hasSize(1);
        ParsedTaskBook.Indicator consumption = book.indicators().stream().filter(i -> "14".equals(i.code())).findFirst().orElseThrow();
        assertThat(consumption.target()).isEqualByComparingTo(new BigDecimal("0.3"));
        assertThat(consumption.measureUnit()).isEqualTo("亿元");
        assertThat(book.indicators()).filteredOn(ParsedTaskBook.Indicator::includesStock).extracting(ParsedTaskBook.Indicator::code)
                .containsExactly("5", "6", "7", "8", "9", "10", "20", "21", "25", "26", "27");
    }

    @Test
    void taskTextBrokenByPageBreaksIsJoinedWithoutLossOrPollution() {
        ParsedTaskBook book = parser.parse("seed.txt", SeedDocuments.text());

        ParsedTaskBook.Task development = task(book, "区发改局", 3);
        assertThat(development.text()).contains("开展东西部协作考核督查，确保工作力度不减").doesNotContain("\n");
        assertThat(task(book, "区民政局", 1).text()).contains("慈善业务主管单位的引导作用");
        assertThat(task(book, "区人力社保局", 1).text()).contains("发挥人力资源专业服务机构作用");
        assertThat(task(book, "区投资促进中心", 1).text()).isEqualTo(
                "积极搭建产业合作平台。立足两地资源优势，探索建立项目引进互惠互利等长效机制。充分利用各类展会、节庆活动，"
                + "开展专题招商活动，推介重大项目，积极引荐客商，参与资源性产业的开发建设经营。");
        assertThat(task(book, "区委组织部", 4).text()).endsWith("干部人才的工作。作动态和鲜活信息。");
        assertThat(task(book, "区委组织部", 4).locations()).containsExactly("line 31", "line 33");
        assertThat(book.tasks()).noneMatch(t -> t.text().contains("－") || t.text().contains("附件") || t.text().contains("抄送"));
    }

    private static ParsedTaskBook.Task task(ParsedTaskBook book, String unit, int seq) {
        return book.tasks().stream().filter(t -> t.units().get(0).equals(unit) && t.seq() == seq).findFirst().orElseThrow();
    }

    private List<String> seedMessages() {
        return parser.parse("seed.txt", SeedDocuments.text()).warnings().stream().map(ParsedTaskBook.Warning::message).toList();
    }

    static JsonNode withoutWarnings(ParsedTaskBook book) {
        ObjectNode tree = TaskBookJson.tree(book);
        tree.remove("warnings");
        return JSON.readTree(JSON.writeValueAsString(tree));
    }

    static JsonNode expected() {
        try (InputStream in = TaskBookParserTests.class.getResourceAsStream("/expected/seed-taskbook.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
