package org.xiezuo.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.unit.DataSize;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * SECURITY.md §8 D for task-book documents: zip bombs (T33), entry-count bombs (T34), XXE and entity
 * expansion (T35), duplicate and hidden zip entries (T36), hostile file names (T38), oversize files
 * (T39) and parser crashes and hangs (T40). Every malicious file is built here, byte by byte where the
 * zip has to lie. {@link Parser} runs the parser alone; {@link Application} goes through the service
 * and {@code POST /imports} and proves that nothing was written.
 */
class UploadAttackTests {

    static final String BOMB = "疑似压缩炸弹";
    static final String STRUCTURE = "文件结构异常";
    static final Pattern CRASH = Pattern.compile("文件无法解析（错误编号 ([0-9a-f]{8})）");
    static final long MB = 1024 * 1024;

    static final String SHEET_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    static final String SHEET_TAIL = "</sheetData></worksheet>";
    static final String WORD_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
    static final String WORD_TAIL = "</w:body></w:document>";

    // ------------------------------------------------------------------------------------------------
    // Malicious files
    // ------------------------------------------------------------------------------------------------

    /** The parts of a zip, in order. */
    static Map<String, byte[]> partsOf(byte[] zip) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) parts.put(entry.getName(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    /** An ordinary zip of these parts, as Office writes one. */
    static byte[] zip(Map<String, byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] withPart(byte[] document, String name, byte[] content) {
        Map<String, byte[]> parts = partsOf(document);
        parts.put(name, content);
        return zip(parts);
    }

    static String text(byte[] document, String part) {
        return new String(partsOf(document).get(part), StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One zip entry, compressed, ready to be written where a test wants it. */
    record RawEntry(String name, int method, byte[] data, long crc, long size) {

        static RawEntry deflated(String name, byte[] content) {
            return Filler.deflate(name, content, new byte[0], 0, new byte[0]);
        }

        static RawEntry stored(String name, byte[] content) {
            CRC32 crc = new CRC32();
            crc.update(content);
            return new RawEntry(name, ZipEntry.STORED, content, crc.getValue(), content.length);
        }

        byte[] local() {
            byte[] n = utf8(name);
            return ByteBuffer.allocate(30 + n.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) method)
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crc).putInt(data.length).putInt((int) size)
                    .putShort((short) n.length).putShort((short) 0).put(n).put(data).array();
        }

        int headerLength() {
            return 30 + utf8(name).length;
        }

        byte[] central(long offset) {
            byte[] n = utf8(name);
            return ByteBuffer.allocate(46 + n.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) method).putShort((short) 0).putShort((short) 0x21).putInt((int) crc)
                    .putInt(data.length).putInt((int) size).putShort((short) n.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset).put(n)
                    .array();
        }
    }

    /** Writes a zip whose local headers and central directory say whatever the test wants. */
    static final class RawZip {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream central = new ByteArrayOutputStream();
        private int listed;

        /** A local entry that the central directory lists too; returns its offset. */
        int add(RawEntry entry) {
            int offset = out.size();
            out.writeBytes(entry.local());
            list(entry, offset);
            return offset;
        }

        /** A local entry the central directory does not list. */
        int addUnlisted(RawEntry entry) {
            int offset = out.size();
            out.writeBytes(entry.local());
            return offset;
        }

        void bytes(byte[] bytes) {
            out.writeBytes(bytes);
        }

        void list(RawEntry entry, long offset) {
            central.writeBytes(entry.central(offset));
            listed++;
        }

        int size() {
            return out.size();
        }

        byte[] finish() {
            int offset = out.size();
            byte[] directory = central.toByteArray();
            out.writeBytes(directory);
            out.writeBytes(ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50)
                    .putShort((short) 0).putShort((short) 0).putShort((short) listed).putShort((short) listed)
                    .putInt(directory.length).putInt(offset).putShort((short) 0).array());
            return out.toByteArray();
        }
    }

    /** Deflates head + {@code count} spaces + tail without ever holding the spaces in memory. */
    static final class Filler {
        static RawEntry deflate(String name, byte[] head, byte[] filler, long count, byte[] tail) {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            CRC32 crc = new CRC32();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            List<byte[]> chunks = new ArrayList<>();
            chunks.add(head);
            for (long left = count; left > 0; left -= filler.length) {
                chunks.add(left >= filler.length ? filler : Arrays.copyOf(filler, (int) left));
            }
            chunks.add(tail);
            for (byte[] chunk : chunks) {
                crc.update(chunk);
                size += chunk.length;
                deflater.setInput(chunk);
                while (!deflater.needsInput()) out.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.finish();
            while (!deflater.finished()) out.write(buffer, 0, deflater.deflate(buffer));
            deflater.end();
            return new RawEntry(name, ZipEntry.DEFLATED, out.toByteArray(), crc.getValue(), size);
        }
    }

    /** Built once: the bombs take a second each to deflate. */
    static final class Bombs {
        static final long INFLATED = 300 * MB;
        static final byte[] SPACES = " ".repeat((int) MB).getBytes(StandardCharsets.US_ASCII);
        static final RawEntry SHEET = Filler.deflate("xl/worksheets/sheet1.xml", utf8(SHEET_HEAD), SPACES, INFLATED,
                utf8(SHEET_TAIL));
        static final RawEntry DOCUMENT = Filler.deflate("word/document.xml", utf8(WORD_HEAD), SPACES, INFLATED,
                utf8(WORD_TAIL));
        static final byte[] XLSX = replacing(SeedDocuments.xlsx(), SHEET);
        static final byte[] DOCX = replacing(SeedDocuments.docx(), DOCUMENT);

        /** The seed with one part swapped for a pre-compressed entry. */
        static byte[] replacing(byte[] seed, RawEntry replacement) {
            RawZip zip = new RawZip();
            for (Map.Entry<String, byte[]> part : partsOf(seed).entrySet()) {
                zip.add(part.getKey().equals(replacement.name()) ? replacement
                        : RawEntry.deflated(part.getKey(), part.getValue()));
            }
            return zip.finish();
        }
    }

    /**
     * The seed whose part {@code hidden.name()} is benign in the local headers that a streaming reader
     * sees, while the central directory — which POI reads — points at {@code hidden}, written after
     * bytes that end the stream.
     */
    static byte[] hiddenBehindTheCentralDirectory(byte[] seed, RawEntry hidden) {
        RawZip zip = new RawZip();
        for (Map.Entry<String, byte[]> part : partsOf(seed).entrySet()) {
            RawEntry entry = RawEntry.deflated(part.getKey(), part.getValue());
            if (part.getKey().equals(hidden.name())) {
                zip.addUnlisted(entry);
            } else {
                zip.add(entry);
            }
        }
        zip.bytes("JUNK".getBytes(StandardCharsets.US_ASCII)); // not a local header: a streaming reader stops here
        int offset = zip.addUnlisted(hidden);
        zip.list(hidden, offset);
        return zip.finish();
    }

    /** Two local entries and two directory records with the same name and different data. */
    static byte[] duplicated(byte[] seed, String name, byte[] second) {
        RawZip zip = new RawZip();
        for (Map.Entry<String, byte[]> part : partsOf(seed).entrySet()) {
            zip.add(RawEntry.deflated(part.getKey(), part.getValue()));
            if (part.getKey().equals(name)) zip.add(RawEntry.deflated(name, second));
        }
        return zip.finish();
    }

    /**
     * A stored entry of the same name whose data is {@code <x/>} followed by a whole second entry; the
     * central directory points into the data, at the second entry. A streaming reader sees the harmless
     * {@code <x/>…}, POI reads {@code hidden}.
     */
    static byte[] hiddenInsideAnotherEntry(byte[] seed, RawEntry hidden) {
        RawZip zip = new RawZip();
        for (Map.Entry<String, byte[]> part : partsOf(seed).entrySet()) {
            if (part.getKey().equals(hidden.name())) continue;
            zip.add(RawEntry.deflated(part.getKey(), part.getValue()));
        }
        byte[] prefix = utf8("<x/>");
        byte[] local = hidden.local();
        byte[] data = Arrays.copyOf(prefix, prefix.length + local.length);
        System.arraycopy(local, 0, data, prefix.length, local.length);
        RawEntry carrier = RawEntry.stored(hidden.name(), data);
        int offset = zip.addUnlisted(carrier);
        zip.list(hidden, offset + carrier.headerLength() + prefix.length);
        return zip.finish();
    }

    static byte[] withManyEntries(byte[] seed, int extra) {
        Map<String, byte[]> parts = partsOf(seed);
        for (int i = 0; i < extra; i++) parts.put("xl/media/part" + i + ".xml", utf8("<a/>"));
        return zip(parts);
    }

    /** A local file with a marker no log or page may ever show, and a listener no parser may ever call. */
    static final class Bait implements AutoCloseable {
        final String secret = "XIEZUO-CANARY-" + UUID.randomUUID();
        final Path file;
        final ServerSocket listener;
        final AtomicInteger connections = new AtomicInteger();

        Bait() {
            try {
                Path dir = Files.createDirectories(Path.of("target", "upload-attacks"));
                file = Files.writeString(dir.resolve("secret-" + UUID.randomUUID() + ".txt"), secret);
                listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket ignored = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (SocketException closed) {
                        return;
                    } catch (IOException e) {
                        connections.incrementAndGet();
                    }
                }
            }, "xxe-listener");
            accept.setDaemon(true);
            accept.start();
        }

        String fileUri() {
            return file.toAbsolutePath().toUri().toString();
        }

        String httpUri() {
            return "http://127.0.0.1:" + listener.getLocalPort() + "/latest/meta-data/";
        }

        /** External entities: a local file, an outbound request, and an out-of-band parameter entity. */
        String externalEntities(String root) {
            return "<!DOCTYPE " + root + " [<!ENTITY secret SYSTEM \"" + fileUri() + "\">"
                    + "<!ENTITY hostname SYSTEM \"file:///etc/hostname\">"
                    + "<!ENTITY remote SYSTEM \"" + httpUri() + "\">"
                    + "<!ENTITY % oob SYSTEM \"" + httpUri() + "dtd\"> %oob;]>";
        }

        @Override
        public void close() throws IOException {
            listener.close();
            Files.deleteIfExists(file);
        }
    }

    static String billionLaughs(String root) {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE " + root + " [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }

    /** The seed's shared strings with a declaration after the XML declaration and its entities used. */
    static String sharedStringsWith(String declaration, String padding, String use) {
        String strings = text(SeedDocuments.xlsx(), "xl/sharedStrings.xml");
        return strings.replaceFirst("\\?>", "?>" + Matcher.quoteReplacement(padding + declaration))
                .replaceFirst("<t>", Matcher.quoteReplacement("<t>" + use));
    }

    static String documentWith(String declaration, String padding, String use) {
        String document = text(SeedDocuments.docx(), "word/document.xml");
        return document.replaceFirst("\\?>", "?>" + Matcher.quoteReplacement(padding + declaration))
                .replaceFirst("<w:t>", Matcher.quoteReplacement("<w:t>" + use));
    }

    /** Every way to smuggle a DOCTYPE into a part, as name → (file name, content). */
    static Stream<Arguments> entityAttacks(Bait bait) {
        String padding = "<!--" + "x".repeat(8000) + "-->";
        String sstXxe = sharedStringsWith(bait.externalEntities("sst"), "", "&secret;&hostname;&remote;");
        String docXxe = documentWith(bait.externalEntities("w:document"), "", "&secret;&hostname;&remote;");
        byte[] xlsx = SeedDocuments.xlsx();
        byte[] docx = SeedDocuments.docx();
        return Stream.of(
                Arguments.of("xlsx: external entities in sharedStrings.xml", "任务书.xlsx",
                        withPart(xlsx, "xl/sharedStrings.xml", utf8(sstXxe))),
                Arguments.of("docx: external entities in document.xml", "任务书.docx",
                        withPart(docx, "word/document.xml", utf8(docXxe))),
                Arguments.of("xlsx: billion laughs", "任务书.xlsx",
                        withPart(xlsx, "xl/sharedStrings.xml", utf8(sharedStringsWith(billionLaughs("sst"), "", "&lol9;")))),
                Arguments.of("docx: billion laughs", "任务书.docx",
                        withPart(docx, "word/document.xml", utf8(documentWith(billionLaughs("w:document"), "", "&lol9;")))),
                Arguments.of("xlsx: DOCTYPE after an 8 KB comment", "任务书.xlsx",
                        withPart(xlsx, "xl/sharedStrings.xml",
                                utf8(sharedStringsWith(bait.externalEntities("sst"), padding, "&secret;&remote;")))),
                Arguments.of("docx: DOCTYPE after an 8 KB comment", "任务书.docx",
                        withPart(docx, "word/document.xml",
                                utf8(documentWith(bait.externalEntities("w:document"), padding, "&secret;&remote;")))),
                Arguments.of("xlsx: UTF-16 part", "任务书.xlsx",
                        withPart(xlsx, "xl/sharedStrings.xml", sstXxe.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
                                .getBytes(StandardCharsets.UTF_16))),
                Arguments.of("xlsx: EBCDIC part", "任务书.xlsx",
                        withPart(xlsx, "xl/sharedStrings.xml", sstXxe.replace("encoding=\"UTF-8\"", "encoding=\"IBM037\"")
                                .getBytes(Charset.forName("IBM037")))),
                Arguments.of("xlsx: part hidden from the local headers", "任务书.xlsx",
                        hiddenBehindTheCentralDirectory(xlsx, RawEntry.deflated("xl/sharedStrings.xml", utf8(sstXxe)))),
                Arguments.of("docx: part hidden from the local headers", "任务书.docx",
                        hiddenBehindTheCentralDirectory(docx, RawEntry.deflated("word/document.xml", utf8(docXxe)))));
    }

    static String rejection(TaskBookParser parser, String name, byte[] content) {
        Throwable thrown = catchRejection(() -> parser.parse(name, content));
        return thrown.getMessage();
    }

    static Throwable catchRejection(Runnable action) {
        try {
            action.run();
        } catch (ImportRejected rejected) {
            return rejected;
        }
        throw new AssertionError("the file was accepted");
    }

    static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    static List<Thread> parseWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("taskbook-parse-") && t.isAlive()).toList();
    }

    static void awaitParseWorkers() throws InterruptedException {
        for (Thread worker : parseWorkers()) worker.join(60_000);
    }

    // ------------------------------------------------------------------------------------------------
    // The parser alone
    // ------------------------------------------------------------------------------------------------

    @Nested
    @ExtendWith(OutputCaptureExtension.class)
    class Parser {

        private final TaskBookParser parser = new TaskBookParser(ImporterSettings.defaults());

        @AfterEach
        void workersFinish() throws InterruptedException {
            awaitParseWorkers();
        }

        @Test
        void T33_zipBombDisguisedAsXlsxIsRefusedQuicklyWithBoundedMemory() {
            byte[] bomb = Bombs.XLSX;
            assertThat(bomb.length).isLessThan(512 * 1024);
            assertThat((double) Bombs.SHEET.data().length / Bombs.SHEET.size()).isLessThan(0.01);

            long heapBefore = usedHeapAfterGc();
            long allocatedBefore = allocatedBytes();
            String message = rejection(parser, "任务书.xlsx", bomb);
            long allocated = allocatedBytes() - allocatedBefore;
            long heapGrowth = usedHeapAfterGc() - heapBefore;

            assertThat(message).isEqualTo("文件异常，疑似压缩炸弹，已拒绝");
            assertThat(allocated).as("bytes allocated while refusing a 300 MB bomb").isLessThan(64 * MB);
            assertThat(heapGrowth).as("heap kept after refusing").isLessThan(64 * MB);
        }

        @Test
        void T33_zipBombDisguisedAsDocxIsRefusedQuicklyWithBoundedMemory() {
            byte[] bomb = Bombs.DOCX; // built before measuring: only the refusal counts
            long heapBefore = usedHeapAfterGc();
            long allocatedBefore = allocatedBytes();
            String message = rejection(parser, "任务书.docx", bomb);
            long allocated = allocatedBytes() - allocatedBefore;

            assertThat(message).contains(BOMB);
            assertThat(allocated).isLessThan(64 * MB);
            assertThat(usedHeapAfterGc() - heapBefore).isLessThan(64 * MB);
        }

        @Test
        void T33_bombTooSmallForTheOldGraceIsStillCalledABomb() {
            // 900 KB of spaces deflate to about 1 KB: POI's own check (grace 100 KB) would stop it with an
            // English "Zip bomb detected" that the user only sees as 文件无法解析
            RawEntry sheet = Filler.deflate("xl/worksheets/sheet1.xml", utf8(SHEET_HEAD), Bombs.SPACES, 900 * 1024,
                    utf8(SHEET_TAIL));

            assertThat(rejection(parser, "任务书.xlsx", Bombs.replacing(SeedDocuments.xlsx(), sheet))).contains(BOMB);
        }

        @Test
        void T33_bombHiddenFromTheLocalHeadersIsFoundWhereOfficeReadsIt() {
            byte[] bomb = hiddenBehindTheCentralDirectory(SeedDocuments.docx(), Bombs.DOCUMENT);

            long allocatedBefore = allocatedBytes();
            String message = rejection(parser, "任务书.docx", bomb);

            assertThat(message).contains(BOMB);
            assertThat(allocatedBytes() - allocatedBefore).isLessThan(64 * MB);
        }

        @Test
        void T34_tenThousandEntriesAreRefusedByTheEntryLimit() {
            byte[] xlsx = withManyEntries(SeedDocuments.xlsx(), 10_000);

            assertThat(rejection(parser, "任务书.xlsx", xlsx)).isEqualTo("文件包含的压缩条目过多（超过1000个），已拒绝");
            assertThat(rejection(parser, "任务书.docx", withManyEntries(SeedDocuments.docx(), 10_000)))
                    .contains("压缩条目过多");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.xiezuo.importer.UploadAttackTests#entityAttacksForTheParser")
        void T35_entityDeclarationsAreRefusedBeforeAnyParserSeesThem(String attack, String name, byte[] content, Bait bait,
                                                                     CapturedOutput output) {
            String message = rejection(parser, name, content);

            assertThat(message).startsWith(STRUCTURE).doesNotContain(bait.secret);
            assertThat(output.getAll()).doesNotContain(bait.secret);
            assertThat(bait.connections).hasValue(0);
        }

        @Test
        void T36_duplicateSheetEntriesAreAStructureError() {
            byte[] xlsx = duplicated(SeedDocuments.xlsx(), "xl/worksheets/sheet1.xml", utf8(SHEET_HEAD
                    + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>一、篡改的章节</t></is></c></row>" + SHEET_TAIL));

            assertThat(rejection(parser, "任务书.xlsx", xlsx))
                    .isEqualTo("文件结构异常：压缩包内有重复的条目「xl/worksheets/sheet1.xml」");
        }

        @Test
        void T36_duplicateDocumentEntriesAreAStructureError() {
            byte[] docx = duplicated(SeedDocuments.docx(), "word/document.xml", utf8(WORD_HEAD + "<w:p/>" + WORD_TAIL));

            assertThat(rejection(parser, "任务书.docx", docx)).startsWith(STRUCTURE).contains("重复的条目");
        }

        @Test
        void T36_entryNamesThatDifferOnlyInCaseAreDuplicatesToo() {
            // OPC part names are case-insensitive: to Office these are one part twice
            Map<String, byte[]> parts = partsOf(SeedDocuments.xlsx());
            parts.put("xl/worksheets/Sheet1.xml", utf8(SHEET_HEAD + SHEET_TAIL));

            assertThat(rejection(parser, "任务书.xlsx", zip(parts))).startsWith(STRUCTURE).contains("重复的条目");
        }

        @Test
        void T36_entryHiddenInsideAnotherEntryIsAStructureError() {
            // the indicator table POI would read is not the one a streaming check saw
            RawEntry sheet = RawEntry.deflated("xl/worksheets/sheet2.xml", utf8(SHEET_HEAD + SHEET_TAIL));

            assertThat(rejection(parser, "任务书.xlsx", hiddenInsideAnotherEntry(SeedDocuments.xlsx(), sheet)))
                    .startsWith(STRUCTURE);
        }

        @Test
        void T40_truncatedWorkbookIsReportedWithACorrelationIdThatIsLogged(CapturedOutput output) {
            byte[] workbook = partsOf(SeedDocuments.xlsx()).get("xl/workbook.xml");
            byte[] xlsx = withPart(SeedDocuments.xlsx(), "xl/workbook.xml", Arrays.copyOf(workbook, workbook.length / 2));

            String id = correlationId(rejection(parser, "任务书.xlsx", xlsx));

            assertThat(output.getAll()).contains("correlation " + id);
            assertThat(parser.parse("任务书.xlsx", SeedDocuments.xlsx()).tasks()).hasSize(42);
        }

        @Test
        void T40_garbageInTheMainDocumentPartIsReportedWithACorrelationIdThatIsLogged(CapturedOutput output) {
            byte[] docx = withPart(SeedDocuments.docx(), "word/document.xml",
                    utf8(WORD_HEAD + "<w:p><w:r><w:t>一、区委组织部</w:t></w:r></w:p><w:p><w:r>"));

            String id = correlationId(rejection(parser, "任务书.docx", docx));

            assertThat(output.getAll()).contains("correlation " + id);
            assertThat(parser.parse("任务书.docx", SeedDocuments.docx()).tasks()).hasSize(42);
        }

        @Test
        void T40_workbookPointingAtAMissingSheetIsNotACrash() {
            Map<String, byte[]> parts = partsOf(SeedDocuments.xlsx());
            parts.remove("xl/worksheets/sheet2.xml"); // the indicator table; the notice sheet stays

            ParsedTaskBook book = parser.parse("任务书.xlsx", zip(parts));

            assertThat(book.tasks()).hasSize(42);
            assertThat(book.indicators()).isEmpty();
        }

        @Test
        void T40_deeplyNestedTablesAreRefusedWithoutHarm(CapturedOutput output) {
            // 30 000 nested tables (random text keeps the ratio above the bomb limit); POI 5.5.1 stops at a
            // node depth of 1 000, so no StackOverflowError is reached through POI
            StringBuilder xml = new StringBuilder(WORD_HEAD);
            java.util.Random random = new java.util.Random(33);
            for (int i = 0; i < 30_000; i++) {
                xml.append("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>").append(Long.toHexString(random.nextLong()))
                        .append("</w:t></w:r></w:p>");
            }
            xml.append("<w:p/>").append("</w:tc></w:tr></w:tbl>".repeat(30_000)).append(WORD_TAIL);

            String id = correlationId(rejection(parser, "任务书.docx",
                    withPart(SeedDocuments.docx(), "word/document.xml", utf8(xml.toString()))));

            assertThat(output.getAll()).contains("correlation " + id);
            assertThat(parser.parse("任务书.docx", SeedDocuments.docx()).tasks()).hasSize(42);
        }

        @Test
        void aVeryLongRuleLineIsJustARuleAndNoCrash() {
            // such a line once sent a recursive regular expression into a StackOverflowError (caught then as
            // "文件无法解析"); rules and table separators are now recognised without regular expressions
            String text = new String(SeedDocuments.text(), StandardCharsets.UTF_8) + "\n" + "-".repeat(100_000) + "\n"
                    + "|" + "-".repeat(100_000) + "|\n";

            assertThat(parser.parse("任务书.md", utf8(text)).tasks()).hasSize(42);
        }

        @Test
        void T40_parseTimeoutFreesTheCaller() {
            TaskBookParser impatient = new TaskBookParser(ImporterSettings.defaults().withParseTimeout(Duration.ofMillis(1)));

            String message = rejection(impatient, "任务书.docx", SeedDocuments.docx());

            assertThat(message).startsWith("文件解析超时").contains("1毫秒").doesNotContain("0秒");
        }

        @Test
        void T40_timedOutParsesStillCountAgainstTheConcurrencyLimit() throws InterruptedException {
            ImporterSettings one = new ImporterSettings(DataSize.ofMegabytes(20), 1000, DataSize.ofMegabytes(200), 0.01,
                    Duration.ofMillis(1), 1, Duration.ofHours(24));
            TaskBookParser impatient = new TaskBookParser(one);
            // ten seeds in one text file: a few hundred milliseconds of pure computation that no interrupt stops
            byte[] slow = new String(SeedDocuments.text(), StandardCharsets.UTF_8).repeat(10).getBytes(StandardCharsets.UTF_8);
            awaitParseWorkers();

            int mostAlive = 0;
            for (int i = 0; i < 8; i++) {
                assertThat(rejection(impatient, "任务书.md", slow)).startsWith("文件解析超时");
                mostAlive = Math.max(mostAlive, parseWorkers().size());
            }

            // a worker that ignores the interrupt keeps its permit until it really ends (one thread may be
            // leaving while the next starts)
            assertThat(mostAlive).as("parse threads alive at once with concurrentParses=1").isLessThanOrEqualTo(2);
        }

        @Test
        void T39_fileOverTheSizeLimitIsRefusedBeforeParsing() throws IOException {
            TaskBookParser small = new TaskBookParser(ImporterSettings.defaults().withMaxFileSize(DataSize.ofKilobytes(4)));

            assertThat(rejection(small, "任务书.docx", SeedDocuments.docx())).isEqualTo("文件超过4KB上限");
            assertThat(rejection(parser, "任务书.docx", new byte[(int) (20 * MB) + 1])).isEqualTo("文件超过20MB上限");

            Path big = Files.createDirectories(Path.of("target", "upload-attacks")).resolve("oversize.docx");
            try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
                file.setLength(21 * MB); // sparse: parse(Path) must refuse it before reading
            }
            try {
                assertThat(catchRejection(() -> parser.parse(big)).getMessage()).isEqualTo("文件超过20MB上限");
            } finally {
                Files.delete(big);
            }
        }
    }

    static Stream<Arguments> entityAttacksForTheParser() {
        Bait bait = Baits.shared();
        return entityAttacks(bait).map(arguments -> {
            Object[] values = arguments.get();
            return Arguments.of(values[0], values[1], values[2], bait);
        });
    }

    /** One bait for the parameterised cases, closed after the class. */
    static final class Baits {
        private static Bait shared;

        static synchronized Bait shared() {
            if (shared == null) shared = new Bait();
            return shared;
        }

        static synchronized void close() throws IOException {
            if (shared != null) shared.close();
            shared = null;
        }
    }

    @AfterAll
    static void closeBait() throws IOException {
        Baits.close();
    }

    static String correlationId(String message) {
        Matcher matcher = CRASH.matcher(message);
        assertThat(matcher.find()).as("correlation id in: " + message).isTrue();
        return matcher.group(1);
    }

    // ------------------------------------------------------------------------------------------------
    // Through the service and the web page
    // ------------------------------------------------------------------------------------------------

    @Nested
    @XiezuoTest
    @AutoConfigureMockMvc
    @ExtendWith(OutputCaptureExtension.class)
    class Application {

        private static final List<String> TABLES = List.of("importer_draft", "importer_source_document", "plan");

        @Autowired MockMvc mvc;
        @Autowired JdbcClient jdbc;
        @Autowired DocumentImports imports;

        private final Actor actor = Actor.user("coordinator", "协作办", Set.of(Role.COORDINATOR));

        @AfterEach
        void workersFinish() throws InterruptedException {
            awaitParseWorkers();
        }

        Map<String, Long> rows() {
            return TABLES.stream().collect(Collectors.toMap(t -> t,
                    t -> jdbc.sql("select count(*) from " + t).query(Long.class).single(), (a, b) -> a, LinkedHashMap::new));
        }

        MockHttpServletResponse upload(String name, byte[] content) throws Exception {
            return mvc.perform(multipart("/imports").file(new MockMultipartFile("file", name, null, content))
                    .with(user("coordinator").roles("COORDINATOR")).with(csrf())).andReturn().getResponse();
        }

        long rejectionsAudited() {
            return jdbc.sql("select count(*) from audit_event where event_type = 'IMPORT_REJECTED' and outcome = 'FAILURE'")
                    .query(Long.class).single();
        }

        /**
         * Uploads through the service and the page; both must refuse with the message and write no business
         * data — only the audit row that records the refused attempt.
         */
        String refusedEverywhere(String name, byte[] content) throws Exception {
            Map<String, Long> before = rows();
            long audited = rejectionsAudited();
            String serviceMessage = catchRejection(() -> imports.upload(actor, name, content)).getMessage();
            assertThat(rows()).as("rows after the service refused").isEqualTo(before);
            assertThat(rejectionsAudited()).as("the refused attempt is audited").isEqualTo(audited + 1);

            MockHttpServletResponse page = upload(name, content);
            assertThat(page.getStatus()).isEqualTo(200);
            String body = page.getContentAsString(StandardCharsets.UTF_8);
            assertThat(withoutIds(body)).contains(withoutIds(serviceMessage));
            assertThat(rows()).as("rows after the page refused").isEqualTo(before);
            assertThat(rejectionsAudited()).isEqualTo(audited + 2);
            return body;
        }

        @Test
        void T33_zipBombUploadIsRefusedAndWritesNothing() throws Exception {
            assertThat(refusedEverywhere("任务书.xlsx", Bombs.XLSX)).contains("文件异常，疑似压缩炸弹，已拒绝");
            assertThat(refusedEverywhere("任务书.docx", Bombs.DOCX)).contains(BOMB);
        }

        @Test
        void T34_entryCountBombUploadIsRefusedAndWritesNothing() throws Exception {
            assertThat(refusedEverywhere("任务书.xlsx", withManyEntries(SeedDocuments.xlsx(), 10_000)))
                    .contains("文件包含的压缩条目过多（超过1000个），已拒绝");
        }

        @Test
        void T35_entityAttacksReachNothingLeakNothingAndWriteNothing(CapturedOutput output) throws Exception {
            try (Bait bait = new Bait()) {
                for (Arguments attack : entityAttacks(bait).toList()) {
                    Object[] values = attack.get();
                    String body = refusedEverywhere((String) values[1], (byte[]) values[2]);
                    assertThat(body).as((String) values[0]).contains(STRUCTURE).doesNotContain(bait.secret);
                }
                assertThat(output.getAll()).doesNotContain(bait.secret);
                assertThat(bait.connections).hasValue(0);
            }
        }

        @Test
        void T36_duplicateEntryUploadIsRefusedAndWritesNothing() throws Exception {
            byte[] xlsx = duplicated(SeedDocuments.xlsx(), "xl/worksheets/sheet1.xml", utf8(SHEET_HEAD + SHEET_TAIL));

            assertThat(refusedEverywhere("任务书.xlsx", xlsx)).contains("文件结构异常：压缩包内有重复的条目");
        }

        @Test
        void T38_hostileFileNamesAreKeptOnlyAsSanitisedMetadata() throws Exception {
            String longChinese = "关于印发2021年普陀万源东西部协作工作任务书的通知".repeat(12).substring(0, 300) + ".docx";
            String supplementary = "𠮷".repeat(150) + ".docx"; // 300 UTF-16 units: a cut may not split a pair
            List<String> names = List.of("../../../x.docx", "..\\..\\a.docx", "/etc/cron.d/x.docx", "a.jsp%00.docx",
                    "a.jsp\u0000.docx", "任务书\r\nSet-Cookie: stolen=1\r\n.docx", "任务书\u202Excod.exe.docx", longChinese,
                    supplementary);
            Path cwd = Path.of("").toAbsolutePath();
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            Set<String> cwdBefore = listing(cwd);
            Set<String> tmpBefore = listing(tmp);

            byte[] content = SeedDocuments.docx();
            for (String name : names) {
                Map<String, Long> before = rows();
                MockHttpServletResponse response = upload(name, content);
                assertThat(response.getStatus()).as(name).isEqualTo(302);
                long draftId = Long.parseLong(response.getRedirectedUrl().replace("/imports/", ""));
                assertThat(rows().get("importer_source_document")).isEqualTo(before.get("importer_source_document") + 1);

                long documentId = jdbc.sql("select source_document_id from importer_draft where id = ?").param(draftId)
                        .query(Long.class).single();
                String stored = jdbc.sql("select file_name from importer_source_document where id = ?").param(documentId)
                        .query(String.class).single();
                assertThat(stored).as("stored name of %s", name)
                        .doesNotContain("/", "\\", "..", "%", "\r", "\n", "\u0000", "\u202E")
                        .endsWith(".docx")
                        .hasSizeLessThanOrEqualTo(200);
                assertThat(wellFormed(stored)).as("no broken surrogate pair in %s", stored).isTrue();
                assertThat(stored.chars().noneMatch(c -> Character.getType(c) == Character.FORMAT))
                        .as("no invisible format characters in %s", stored).isTrue();

                MockHttpServletResponse download = mvc.perform(get("/imports/documents/" + documentId).with(user("coordinator").roles("COORDINATOR")))
                        .andReturn().getResponse();
                assertThat(download.getStatus()).isEqualTo(200);
                assertThat(download.getContentAsByteArray()).isEqualTo(content);
                assertThat(download.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(download.getContentType()).startsWith(
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
                // a name with CR/LF and "Set-Cookie:" must not smuggle a cookie; only the session cookie may be set
                assertThat(download.getHeaders("Set-Cookie")).allMatch(c -> c.startsWith("XIEZUO_SESSION="));
                for (String header : download.getHeaderNames()) {
                    for (String value : download.getHeaders(header)) {
                        assertThat(value).as(header).doesNotContain("\r", "\n");
                    }
                }
                String disposition = download.getHeader("Content-Disposition");
                assertThat(disposition).startsWith("attachment;");
                Matcher encoded = Pattern.compile("filename\\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)").matcher(disposition);
                assertThat(encoded.find()).as(disposition).isTrue();
                assertThat(URLDecoder.decode(encoded.group(1).replace("+", "%2B"), StandardCharsets.UTF_8))
                        .as("RFC 5987 name decodes to the stored name").isEqualTo(stored);
            }

            Map<String, Long> before = rows();
            MockHttpServletResponse jsp = upload("a.docx%00.jsp", content);
            assertThat(jsp.getContentAsString(StandardCharsets.UTF_8)).contains("不支持的文件类型「.jsp」");
            assertThat(rows()).isEqualTo(before);

            assertThat(listing(cwd)).as("new files in the working directory").isSubsetOf(cwdBefore);
            assertThat(listing(tmp)).as("new files in the temp directory").isSubsetOf(tmpBefore);
            assertThat(listing(tmp)).noneMatch(n -> n.startsWith("xiezuo-taskbook-"));
            for (String name : List.of("../../../x.docx", "..\\..\\a.docx")) {
                assertThat(cwd.resolve(name).normalize()).doesNotExist();
                assertThat(tmp.resolve(name).normalize()).doesNotExist();
            }
            assertThat(Path.of("/etc/cron.d/x.docx")).doesNotExist();
        }

        @Test
        void T40_crashShowsACorrelationIdThatIsLoggedAndTheApplicationStaysHealthy(CapturedOutput output)
                throws Exception {
            byte[] document = partsOf(SeedDocuments.docx()).get("word/document.xml");
            byte[] docx = withPart(SeedDocuments.docx(), "word/document.xml", Arrays.copyOf(document, document.length / 2));

            String body = refusedEverywhere("任务书.docx", docx);

            String id = correlationId(body);
            assertThat(output.getAll()).contains("correlation " + id);
            assertThat(body).doesNotContain("Exception", "org.apache", "at org.");

            MockHttpServletResponse valid = upload("任务书.docx", SeedDocuments.docx());
            assertThat(valid.getStatus()).isEqualTo(302);
            assertThat(valid.getRedirectedUrl()).matches("/imports/\\d+");
            MockHttpServletResponse health = mvc.perform(get("/actuator/health")).andReturn().getResponse();
            assertThat(health.getStatus()).isEqualTo(200);
            assertThat(health.getContentAsString()).contains("UP");
        }

        @Test
        void T39_oversizeUploadNamesTheLimitAndWritesNothing() throws Exception {
            byte[] big = Arrays.copyOf(SeedDocuments.docx(), (int) (20 * MB) + 1);

            assertThat(refusedEverywhere("任务书.docx", big)).contains("文件超过20MB上限").doesNotContain("Exception");
        }

        private static String withoutIds(String text) {
            return text.replaceAll("（错误编号 [0-9a-f]{8}）", "");
        }

        private static boolean wellFormed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) return false;
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }

        private static Set<String> listing(Path dir) throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            }
        }
    }
}
