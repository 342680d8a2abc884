package org.xiezuo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.ledger.EmploymentWorkbook;
import org.xiezuo.support.ForkedCommand;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code assess} as the jar runs it (issue 6): the seed imported, an employment ledger of some thousand
 * rows loaded, and {@code assess --as-of 2021-11-30} checked against an independent calculation — the
 * ledger-derived actuals of indicators 5–10 counted from the generated rows, the targets from the
 * parser's own output, the plan score as 100 × the mean of min(actual ÷ target, 1) over assessed rows.
 */
class AssessCommandTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LocalDate NOV30 = LocalDate.of(2021, 11, 30);

    private Path dir;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cli-assess-");
    }

    private String dataDir() {
        return "--xiezuo.data-dir=" + dir.resolve("data");
    }

    @Test
    void assessAsOf30NovemberGivesTheLedgerActualsAndThePlanScoreOfTheFormula() throws Exception {
        Path seed = dir.resolve("seed.docx");
        Files.write(seed, SeedDocuments.docx());
        ForkedCommand imported = ForkedCommand.run("import", seed.toString(), dataDir());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        String planId = JSON.readTree(imported.out()).get("planId").asText();

        EmploymentWorkbook workbook = new EmploymentWorkbook(21, 2000);
        Path file = workbook.write("cli-assess-" + dir.getFileName());
        ForkedCommand ledger = ForkedCommand.run("ledger-import", "--plan", planId, "--kind", "employment", file.toString(),
                "--valid-only", dataDir());
        assertThat(ledger.exitCode()).as(ledger.err()).isZero();

        // the independent side: targets and assessed flags as the parser reads the seed, actuals counted from the rows
        JsonNode parsed = JSON.readTree(ForkedCommand.inThisJvm("parse", seed.toString()).out());
        Map<String, long[]> counted = workbook.expected(NOV30);
        Map<String, Long> expectedActual = new HashMap<>();
        expectedActual.put("5", counted.get("到我省")[0]);
        expectedActual.put("6", counted.get("到我省")[1]);
        expectedActual.put("7", counted.get("当地就近")[0]);
        expectedActual.put("8", counted.get("当地就近")[1]);
        expectedActual.put("9", counted.get("其他地区")[0]);
        expectedActual.put("10", counted.get("其他地区")[1]);
        double sum = 0;
        int assessed = 0;
        for (JsonNode row : parsed.get("indicators")) {
            if (!row.get("assessed").asBoolean() || row.get("target").isNull()) continue;
            String code = row.get("code").isNull() ? "" : row.get("code").asText();
            double target = row.get("target").asDouble();
            if (target <= 0) continue;
            assessed++;
            sum += Math.min(expectedActual.getOrDefault(code, 0L) / target, 1.0);
        }
        double expectedScore = 100 * sum / assessed;
        double timeProgress = (ChronoUnit.DAYS.between(LocalDate.of(2021, 1, 1), NOV30) + 1) / 365.0;

        ForkedCommand assess = ForkedCommand.run("assess", "--plan", planId, "--as-of", "2021-11-30", dataDir());
        assertThat(assess.exitCode()).as(assess.err()).isZero();
        assertThat(assess.out()).doesNotContainPattern("[0-9][eE][+-]?[0-9]");
        JsonNode result = JSON.readTree(assess.out());
        assertThat(result.propertyNames()).contains("asOf", "timeProgress", "score", "grade", "indicators", "units");
        assertThat(result.get("asOf").asText()).isEqualTo("2021-11-30");
        assertThat(result.get("timeProgress").decimalValue()).isEqualByComparingTo("0.9150684932");
        assertThat(result.get("timeProgress").asDouble()).isCloseTo(timeProgress, within(1e-9));
        for (Map.Entry<String, Long> e : expectedActual.entrySet()) {
            JsonNode row = find(result, e.getKey());
            assertThat(row.get("actual").asLong()).as("indicator " + e.getKey()).isEqualTo(e.getValue());
            assertThat(row.get("source").asText()).isEqualTo("ledger");
            double completion = e.getValue() / row.get("target").asDouble();
            assertThat(row.get("completion").asDouble()).isCloseTo(completion, within(1e-9));
            String status = completion >= 1 ? "已完成" : completion >= timeProgress ? "正常"
                    : completion >= 0.8 * timeProgress ? "滞后" : "严重滞后";
            assertThat(row.get("status").asText()).as("indicator " + e.getKey()).isEqualTo(status);
        }
        assertThat(counted.get("到我省")[0]).isPositive();
        assertThat(result.get("score").asDouble()).isCloseTo(expectedScore, within(1e-6));
        double score = result.get("score").asDouble();
        assertThat(result.get("grade").asText()).isEqualTo(score >= 90 ? "好" : score >= 75 ? "较好" : score >= 60 ? "一般" : "差");
        // rows the task book does not assess
        JsonNode statisticsOnly = find(result, "22");
        assertThat(statisticsOnly.get("status").asText()).isEqualTo("不考核");
        assertThat(statisticsOnly.get("assessed").asBoolean()).isFalse();
        assertThat(statisticsOnly.get("completion").isNull()).isTrue();
        assertThat(find(result, "1").get("source").asText()).isEqualTo("none");
        assertThat(find(result, "1").get("actual").asInt()).isZero();
        assertThat(result.get("indicators").get(0).propertyNames()).contains("code", "name", "measureUnit", "target", "actual",
                "completion", "status", "assessed", "source", "forecast");
        // the employment office leads 5–10 only among assessed rows with a count: it has a score and a rank
        JsonNode people = null;
        for (JsonNode unit : result.get("units")) if (unit.get("name").asText().equals("区人力社保局")) people = unit;
        assertThat(people).isNotNull();
        assertThat(people.get("rank").asInt()).isPositive();
        assertThat(people.propertyNames()).contains("name", "score", "grade", "rank");

        ForkedCommand bad = ForkedCommand.inThisJvm("assess", "--plan", planId, "--as-of", "2021-13-01", dataDir());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--as-of 2021-13-01 不是日期");
    }

    private static JsonNode find(JsonNode result, String code) {
        for (JsonNode row : result.get("indicators")) if (code.equals(row.get("code").asText())) return row;
        throw new AssertionError("no indicator " + code);
    }
}
