package org.xiezuo.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/**
 * {@link SafeArchive}'s two views of a zip, read at once on two threads, and the outcome they give
 * together: a clean archive passes with its names; an entry that only the local headers show, or only the
 * central directory, is refused as inconsistent; the local view's refusal wins over the directory's, as
 * when the views were read one after the other; no thread of the check outlives it.
 */
class SafeArchiveTests {

    private static final SafeArchive CHECK = new SafeArchive(1000, 1L << 30, 0.01);

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The local entries of {@code local} with the central directory of {@code directory} (whose entries must come first in {@code local}). */
    private static byte[] spliced(byte[] local, byte[] directory) {
        ByteBuffer localEnd = end(local);
        int localDirectoryAt = localEnd.getInt(16);
        ByteBuffer directoryEnd = end(directory);
        int entries = Short.toUnsignedInt(directoryEnd.getShort(10));
        int size = directoryEnd.getInt(12);
        int at = directoryEnd.getInt(16);
        ByteBuffer out = ByteBuffer.allocate(localDirectoryAt + size + 22).order(ByteOrder.LITTLE_ENDIAN);
        out.put(local, 0, localDirectoryAt).put(directory, at, size);
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries).putShort((short) entries)
                .putInt(size).putInt(localDirectoryAt).putShort((short) 0);
        return out.array();
    }

    private static ByteBuffer end(byte[] zip) {
        return ByteBuffer.wrap(Arrays.copyOfRange(zip, zip.length - 22, zip.length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static Map<String, String> parts(String... nameAndContent) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (int i = 0; i < nameAndContent.length; i += 2) parts.put(nameAndContent[i], nameAndContent[i + 1]);
        return parts;
    }

    @Test
    void aCleanArchivePassesWithItsNamesInOrder() throws IOException {
        byte[] clean = zip(parts("[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>"));
        assertThat(CHECK.inspect(clean)).containsExactly("[Content_Types].xml", "xl/workbook.xml");
        assertThat(checkThreads()).isZero();
    }

    @Test
    void anEntryOnlyTheLocalHeadersShowIsRefused() throws IOException {
        byte[] both = zip(parts("a.xml", "<a/>", "hidden.xml", "<hidden/>"));
        byte[] one = zip(parts("a.xml", "<a/>"));
        assertThatThrownBy(() -> CHECK.inspect(spliced(both, one)))
                .isInstanceOf(SafeArchive.UnsafeDocument.class).hasMessageContaining("压缩目录与压缩内容不一致");
        assertThat(checkThreads()).isZero();
    }

    @Test
    void anEntryOnlyTheDirectoryShowsIsRefused() throws IOException {
        // the directory of a two-entry archive over the local entries of a one-entry archive: its second
        // entry points past what a streaming reader sees
        byte[] one = zip(parts("a.xml", "<a/>"));
        byte[] two = zip(parts("a.xml", "<a/>", "b.xml", "<b/>"));
        assertThatThrownBy(() -> CHECK.inspect(spliced(one, two))).isInstanceOf(SafeArchive.UnsafeDocument.class);
        assertThat(checkThreads()).isZero();
    }

    @Test
    void theLocalViewsRefusalComesFirst() throws IOException {
        // a DOCTYPE is refused by both views; the message is the one the local view gives
        byte[] doctype = zip(parts("a.xml", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a/>"));
        assertThatThrownBy(() -> CHECK.inspect(doctype)).isInstanceOf(SafeArchive.UnsafeDocument.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> CHECK.inspect(new byte[] {'P', 'K', 3, 4, 0, 0}))
                .isInstanceOf(SafeArchive.UnsafeDocument.class).hasMessageStartingWith("文件无法解析");
        assertThat(checkThreads()).isZero();
    }

    @Test
    void aBombIsRefused() throws IOException {
        byte[] bomb = zip(parts("xl/worksheets/sheet1.xml", "<a>" + "0".repeat(5_000_000) + "</a>"));
        assertThatThrownBy(() -> CHECK.inspect(bomb)).isInstanceOf(SafeArchive.UnsafeDocument.class)
                .hasMessageContaining(SafeArchive.BOMB);
    }

    @Test
    void aDirectoryThatPointsAtOtherCompressedBytesIsRefused() throws IOException {
        // the directory of an archive whose entry is longer compressed: it takes in bytes after the local entry's
        // data (commons-compress finds them overlapping the directory; otherwise the digests would differ)
        byte[] local = zip(parts("xl/workbook.xml", "<workbook>" + "a".repeat(400) + "</workbook>"));
        byte[] other = zip(parts("xl/workbook.xml", "<workbook>" + noise(60) + "</workbook>"));
        assertThatThrownBy(() -> CHECK.inspect(spliced(local, other))).isInstanceOf(SafeArchive.UnsafeDocument.class)
                .hasMessageContaining("压缩目录");
        assertThat(checkThreads()).isZero();
    }

    /** Letters that do not compress well (a bomb's ratio is far below). */
    private static String noise(int length) {
        java.util.Random random = new java.util.Random(length);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) text.append((char) ('a' + random.nextInt(26)));
        return text.toString();
    }

    /** Collects what a {@link SafeArchive.Reading} is given. */
    private static final class Collected implements SafeArchive.Reading {
        final Map<String, String> read = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public boolean wants(String name) {
            return name.startsWith("xl/worksheets/");
        }

        @Override
        public void read(String name, java.io.InputStream content) throws IOException {
            threads.add(Thread.currentThread().getName());
            read.put(name, new String(content.readNBytes(20), StandardCharsets.UTF_8)); // the rest is skipped
        }
    }

    @Test
    void aReadingIsGivenTheContentOfTheEntriesItWantsOnTheChecksThread(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws IOException {
        byte[] clean = zip(parts("[Content_Types].xml", "<Types/>", "xl/worksheets/sheet1.xml", "<worksheet>" + noise(200_000) + "</worksheet>",
                "xl/worksheets/sheet2.xml", "<worksheet>second</worksheet>", "xl/workbook.xml", "<workbook/>"));
        java.nio.file.Path file = java.nio.file.Files.write(folder.resolve("clean.xlsx"), clean);
        Collected reading = new Collected();

        assertThat(CHECK.inspect(file, reading)).hasSize(4);

        assertThat(reading.read).containsOnly(Map.entry("xl/worksheets/sheet1.xml", "<worksheet>" + noise(200_000).substring(0, 9)),
                Map.entry("xl/worksheets/sheet2.xml", "<worksheet>second</w"));
        assertThat(reading.threads).containsExactly("safe-archive-directory");
        assertThat(checkThreads()).isZero();
    }

    @Test
    void aBombAReadingWantsIsRefusedWhileItIsRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws IOException {
        byte[] bomb = zip(parts("xl/worksheets/sheet1.xml", "<a>" + "0".repeat(5_000_000) + "</a>"));
        java.nio.file.Path file = java.nio.file.Files.write(folder.resolve("bomb.xlsx"), bomb);
        long[] seen = new long[1];
        SafeArchive.Reading reading = new SafeArchive.Reading() {
            @Override
            public boolean wants(String name) {
                return true;
            }

            @Override
            public void read(String name, java.io.InputStream content) throws IOException {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = content.read(buffer)) > 0) seen[0] += n;
            }
        };
        assertThatThrownBy(() -> CHECK.inspect(file, reading)).isInstanceOf(SafeArchive.UnsafeDocument.class)
                .hasMessageContaining(SafeArchive.BOMB);
        assertThat(seen[0]).as("the reading is stopped soon after the grace bytes").isLessThan(1_000_000);
    }

    private static long checkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("safe-archive-directory")).count();
    }
}
