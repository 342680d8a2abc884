package org.xiezuo.jmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.xiezuo.importer.ImporterSettings;
import org.xiezuo.importer.ParsedTaskBook;
import org.xiezuo.importer.SeedDocuments;
import org.xiezuo.importer.TaskBookParser;
import org.xiezuo.importer.internal.DocumentParsing;

/**
 * Parse time of the reference task book in each format, through the full {@link TaskBookParser}
 * (format check, archive safety scan, reader, interpreter, worker thread with time limit), next to
 * a reference measured in the same run: the least work that touches the same content — decoding and
 * splitting the text, or opening the document with POI and reading every paragraph and cell.
 * Run with {@code mvn -Pjmh test-compile exec:exec}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TaskBookParseBenchmark {

    private TaskBookParser parser;
    private DocumentParsing unguarded;
    private byte[] text;
    private byte[] docx;
    private byte[] xlsx;

    @Setup
    public void setUp() {
        parser = new TaskBookParser(ImporterSettings.defaults());
        unguarded = new DocumentParsing(ImporterSettings.defaults());
        text = SeedDocuments.text();
        docx = SeedDocuments.docx();
        xlsx = SeedDocuments.xlsx();
    }

    @Benchmark
    public ParsedTaskBook parseText() {
        return parser.parse("seed.txt", text);
    }

    @Benchmark
    public ParsedTaskBook parseDocx() {
        return parser.parse("seed.docx", docx);
    }

    @Benchmark
    public ParsedTaskBook parseXlsx() {
        return parser.parse("seed.xlsx", xlsx);
    }

    /** The same parse on the calling thread, without the worker thread and time limit around it. */
    @Benchmark
    public ParsedTaskBook parseDocxUnguarded() throws Exception {
        return unguarded.parse("seed.docx", docx);
    }

    @Benchmark
    public void referenceText(Blackhole hole) {
        new String(text, StandardCharsets.UTF_8).lines().forEach(hole::consume);
    }

    @Benchmark
    public void referenceDocx(Blackhole hole) throws IOException {
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(docx))) {
            for (XWPFParagraph paragraph : document.getParagraphs()) hole.consume(paragraph.getText());
            for (XWPFTable table : document.getTables()) {
                table.getRows().forEach(row -> row.getTableCells().forEach(cell -> hole.consume(cell.getText())));
            }
        }
    }

    @Benchmark
    public void referenceXlsx(Blackhole hole) throws IOException {
        DataFormatter formatter = new DataFormatter();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            workbook.forEach(sheet -> sheet.forEach(row -> row.forEach(cell -> hole.consume(formatter.formatCellValue(cell)))));
        }
    }
}
