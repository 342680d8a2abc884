package org.xiezuo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.support.ForkedCommand;

import tools.jackson.databind.json.JsonMapper;

/** {@code export} as the jar runs it: the seed's table and bulletin written and opened, bad options refused with exit code 2. */
class ExportCommandTests {

    private Path dir;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cli-export-");
    }

    @Test
    void theTableAndTheBulletinOfTheSeedAreWrittenAndBadOptionsAreRefused() throws Exception {
        String data = "--xiezuo.data-dir=" + dir.resolve("data");
        Path seed = dir.resolve("seed.docx");
        Files.write(seed, SeedDocuments.docx());
        ForkedCommand imported = ForkedCommand.run("import", seed.toString(), data);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        String planId = JsonMapper.builder().build().readTree(imported.out()).get("planId").asText();

        Path xlsx = dir.resolve("表.xlsx");
        ForkedCommand table = ForkedCommand.run("export", "--plan", planId, "--as-of", "2021-11-30", "--format", "xlsx",
                "--out", xlsx.toString(), data);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().strip()).isEqualTo(xlsx.toAbsolutePath().toString());
        try (InputStream in = Files.newInputStream(xlsx); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            assertThat(workbook.getSheetAt(0).getRow(1).getCell(0).getStringCellValue()).contains("截至2021年11月30日");
            assertThat(workbook.getSheetAt(0).getRow(3).getCell(0).getStringCellValue()).isEqualTo("一、组织领导");
        }
        Path docx = dir.resolve("通报.docx");
        // forked, never in this JVM: a command that starts the application would reset this JVM's logging for later tests
        ForkedCommand bulletin = ForkedCommand.run("export", "--plan", planId, "--as-of", "2021-11-30", "--format", "docx",
                "--out", docx.toString(), data);
        assertThat(bulletin.exitCode()).as(bulletin.err()).isZero();
        try (InputStream in = Files.newInputStream(docx); XWPFDocument doc = new XWPFDocument(in)) {
            assertThat(doc.getParagraphs().get(0).getText()).isEqualTo("2021年东西部协作工作进展情况通报");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part")).count()).isZero();
        }

        ForkedCommand badFormat = ForkedCommand.inThisJvm("export", "--plan", planId, "--format", "pdf", "--out", xlsx.toString(), data);
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format pdf 不可用");
        ForkedCommand noDir = ForkedCommand.inThisJvm("export", "--plan", planId, "--format", "xlsx", "--out",
                dir.resolve("没有/表.xlsx").toString(), data);
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).contains("所在目录不存在");
    }
}
