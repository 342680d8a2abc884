package org.xiezuo.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalEntries} reads a zip as {@link ZipInputStream} does: the same entries with the same content,
 * and the same kind of failure (broken structure, end of file, a name that is not UTF-8) for thousands of
 * damaged archives of the four shapes writers produce — data descriptors after deflated data (what a
 * streaming writer such as {@code ZipOutputStream} or POI's SXSSF writes), sizes in the headers (what
 * Excel writes), stored entries, and zip64 headers. Also: the digest it keeps is the SHA-256 of exactly
 * the entry's compressed bytes.
 */
class LocalEntriesTests {

    @TempDir
    Path folder;

    /** What a reader made of an archive: the entries' names and content, or the kind of its failure. */
    private static String outcome(byte[] zip, boolean local) {
        StringBuilder out = new StringBuilder();
        try {
            if (local) {
                try (LocalEntries in = new LocalEntries(new ByteArrayInputStream(zip))) {
                    String name;
                    while ((name = in.next()) != null) {
                        out.append(name).append('=');
                        ByteArrayOutputStream content = new ByteArrayOutputStream();
                        in.read((bytes, offset, length, compressed) -> content.write(bytes, offset, length));
                        out.append(digest(content.toByteArray())).append('\n');
                    }
                }
            } else {
                try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
                    ZipEntry entry;
                    while ((entry = in.getNextEntry()) != null) {
                        out.append(entry.getName()).append('=').append(digest(in.readAllBytes())).append('\n');
                    }
                }
            }
            return out.toString();
        } catch (ZipException e) {
            return out + "broken structure";
        } catch (EOFException e) {
            return out + "ends early";
        } catch (IOException e) {
            return out + "unreadable";
        } catch (IllegalArgumentException e) {
            return out + "name not UTF-8";
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SHEET = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet><sheetData>"
            + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>".repeat(300) + "</sheetData></worksheet>";

    /** Deflated entries with data descriptors, as a streaming writer writes them. */
    private static byte[] withDescriptors() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (String name : List.of("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/共享.xml")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write((name + SHEET).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Stored entries, sizes and CRC in the headers. */
    private static byte[] stored() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (String name : List.of("a.xml", "b/c.xml", "d.bin")) {
                byte[] content = (name + "<x>" + name.repeat(50) + "</x>").getBytes(StandardCharsets.UTF_8);
                ZipEntry entry = new ZipEntry(name);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                entry.setCompressedSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Written to a file by commons-compress: sizes in the local headers (as Excel writes them), optionally zip64 everywhere. */
    private byte[] seekable(Zip64Mode mode) throws IOException {
        Path file = Files.createTempFile(folder, "zip", ".zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setUseZip64(mode);
            for (String name : List.of("[Content_Types].xml", "xl/worksheets/sheet1.xml", "docProps/app.xml")) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                zip.write((name + SHEET).getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return Files.readAllBytes(file);
    }

    private List<byte[]> shapes() throws IOException {
        return List.of(withDescriptors(), stored(), seekable(Zip64Mode.AsNeeded), seekable(Zip64Mode.Always));
    }

    @Test
    void intactArchivesOfEveryShapeReadAsZipInputStreamReadsThem() throws IOException {
        for (byte[] zip : shapes()) {
            String local = outcome(zip, true);
            assertThat(local).isEqualTo(outcome(zip, false)).doesNotContain("broken", "ends early", "unreadable");
            assertThat(local.lines()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void damagedArchivesGiveTheSameEntriesAndTheSameKindOfFailure() throws IOException {
        Random random = new Random(20261129);
        List<String> differences = new ArrayList<>();
        int refused = 0;
        int cases = 0;
        for (byte[] intact : shapes()) {
            for (int i = 0; i < 1500; i++) {
                byte[] zip = damaged(intact, random);
                String local = outcome(zip, true);
                String reference = outcome(zip, false);
                cases++;
                if (!local.equals(reference)) differences.add("case " + i + ": " + local + " <> " + reference);
                if (local.endsWith("structure") || local.endsWith("early") || local.endsWith("UTF-8")) refused++;
            }
        }
        assertThat(differences).isEmpty();
        assertThat(refused).as("the damage reaches the readers' checks").isGreaterThan(cases / 4);
    }

    /** One to three changed bytes (mostly in headers, where it matters), or a truncation. */
    private static byte[] damaged(byte[] intact, Random random) {
        byte[] zip = intact.clone();
        if (random.nextInt(5) == 0) return java.util.Arrays.copyOf(zip, random.nextInt(zip.length));
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(3) == 0 ? random.nextInt(zip.length) : headerByte(zip, random);
            zip[at] = (byte) (random.nextInt(4) == 0 ? zip[at] ^ 1 << random.nextInt(8) : random.nextInt(256));
        }
        return zip;
    }

    /** A byte within 48 bytes after a local header's or a descriptor's signature. */
    private static int headerByte(byte[] zip, Random random) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 < zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && (zip[i + 2] == 3 && zip[i + 3] == 4 || zip[i + 2] == 7 && zip[i + 3] == 8)) {
                starts.add(i);
            }
        }
        int start = starts.get(random.nextInt(starts.size()));
        return Math.min(zip.length - 1, start + random.nextInt(48));
    }

    @Test
    void theDigestIsTheSha256OfExactlyTheCompressedBytes() throws IOException {
        byte[] zip = withDescriptors();
        List<String> kept = new ArrayList<>();
        try (LocalEntries in = new LocalEntries(new ByteArrayInputStream(zip))) {
            while (in.next() != null) kept.add(HexFormat.of().formatHex(in.read((bytes, offset, length, compressed) -> { }).compressedDigest()));
        }
        // the compressed bytes as the central directory locates them
        List<String> expected = new ArrayList<>();
        try (var file = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                .setSeekableByteChannel(new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(zip)).get()) {
            for (var e = file.getEntries(); e.hasMoreElements(); ) {
                try (var raw = file.getRawInputStream(e.nextElement())) {
                    expected.add(digest(raw.readAllBytes()));
                }
            }
        }
        assertThat(kept).hasSize(4).isEqualTo(expected);
    }
}
