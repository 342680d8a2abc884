package org.xiezuo.importer.internal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.xiezuo.shared.SafeArchive;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.xiezuo.importer.ImportRejected;
import org.xiezuo.importer.ImporterSettings;
import org.xiezuo.importer.ParsedTaskBook;

/**
 * One document from bytes to a parsed task book: format by content, archive safety checks, text
 * decoding (UTF-8 or GB18030), the reader for the format, then the interpreter. Runs on the caller's
 * thread; {@link org.xiezuo.importer.TaskBookParser} adds the time limit and the crash guard.
 */
public final class DocumentParsing {

    private final ImporterSettings settings;

    public DocumentParsing(ImporterSettings settings) {
        this.settings = settings;
    }

    /** Province names as documents write them, for choosing one in the preview. */
    public static java.util.List<String> provinces() {
        return Regions.PROVINCES;
    }

    public ParsedTaskBook parse(String fileName, byte[] content) throws IOException, InvalidFormatException {
        DocumentFormat format = DocumentFormat.detect(fileName, content);
        ReadResult read = switch (format) {
            case TEXT -> new TextReader().read(decode(fileName, content));
            case DOCX -> {
                requireEntry(fileName, content, "word/document.xml", "Word 文档");
                yield withTempFile(content, file -> new DocxReader().read(file));
            }
            case XLSX -> {
                requireEntry(fileName, content, "xl/workbook.xml", "Excel 工作簿");
                yield withTempFile(content, file -> new XlsxReader().read(file));
            }
        };
        ParsedTaskBook book = new TaskBookInterpreter().interpret(read);
        if (book.tasks().isEmpty() && book.indicators().isEmpty()) {
            throw new ImportRejected(fileName, "未能识别为任务书：没有找到部门章节（如“一、区委组织部”及其任务）或指标分解表");
        }
        return book;
    }

    private void requireEntry(String fileName, byte[] content, String entry, String kind) {
        Set<String> names;
        try {
            names = new SafeArchive(settings.maxZipEntries(), settings.maxInflatedSize().toBytes(),
                    settings.minInflateRatio()).inspect(content);
        } catch (SafeArchive.UnsafeDocument unsafe) {
            throw new ImportRejected(fileName, unsafe.getMessage());
        }
        if (!names.contains(entry)) {
            boolean swapped = names.contains("word/document.xml") || names.contains("xl/workbook.xml");
            throw new ImportRejected(fileName, swapped ? "文件扩展名与内容不符：内容不是" + kind
                    : "文件不是" + kind + "（缺少 " + entry + "）");
        }
    }

    private static String decode(String fileName, byte[] content) {
        String text = null;
        for (Charset charset : new Charset[] {StandardCharsets.UTF_8, Charset.forName("GB18030")}) {
            try {
                text = charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(content)).toString();
                break;
            } catch (CharacterCodingException e) {
                // try the next encoding
            }
        }
        if (text == null) {
            throw new ImportRejected(fileName, "文件不是可识别的文本（应为 UTF-8 或 GB18030 编码）");
        }
        long control = text.chars().filter(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f').count();
        if (control > 0) {
            throw new ImportRejected(fileName, "文件不是文本文件（含有 " + control + " 个控制字符，可能是二进制文件）");
        }
        if (text.isBlank()) {
            throw new ImportRejected(fileName, "文件为空");
        }
        return text;
    }

    private interface FileReader {
        ReadResult read(File file) throws IOException, InvalidFormatException;
    }

    private static ReadResult withTempFile(byte[] content, FileReader reader) throws IOException, InvalidFormatException {
        Path temp = Files.createTempFile("xiezuo-taskbook-", ".upload");
        try {
            Files.write(temp, content);
            temp.toFile().setReadOnly();
            return reader.read(temp.toFile());
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
