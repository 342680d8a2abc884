package org.xiezuo.importer.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Checks an Office file (a zip) before any XML parser sees it: entry count, duplicate or unsafe
 * entry names (CVE-2025-31672), inflated size and inflate ratio (zip bombs), and DOCTYPE declarations
 * (XXE, entity expansion) — Office parts never carry one. Inflates with a fixed buffer, so memory
 * stays flat whatever the archive claims.
 */
final class SafeArchive {

    static final String BOMB = "文件异常，疑似压缩炸弹，已拒绝";
    static final String STRUCTURE = "文件结构异常";

    private static final long GRACE_BYTES = 1L << 20;
    private static final int PROLOGUE_BYTES = 4096;

    private final int maxEntries;
    private final long maxInflatedBytes;
    private final double minInflateRatio;

    SafeArchive(int maxEntries, long maxInflatedBytes, double minInflateRatio) {
        this.maxEntries = maxEntries;
        this.maxInflatedBytes = maxInflatedBytes;
        this.minInflateRatio = minInflateRatio;
    }

    /** The entry names, after every check passed; throws {@link UnsafeDocument} otherwise. */
    Set<String> inspect(byte[] zip) {
        Set<String> names = inspectLocalEntries(zip);
        inspectCentralDirectory(zip, names.size());
        return names;
    }

    private Set<String> inspectLocalEntries(byte[] zip) {
        Set<String> names = new HashSet<>();
        CountingInputStream counted = new CountingInputStream(new ByteArrayInputStream(zip));
        long inflatedTotal = 0;
        byte[] buffer = new byte[16 * 1024];
        try (ZipInputStream in = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (names.size() >= maxEntries) {
                    throw new UnsafeDocument("文件包含的压缩条目过多（超过" + maxEntries + "个），已拒绝");
                }
                String name = entry.getName();
                if (!names.add(name)) {
                    throw new UnsafeDocument(STRUCTURE + "：压缩包内有重复的条目「" + printable(name) + "」");
                }
                if (name.startsWith("/") || name.contains("..") || name.contains("\\") || name.indexOf('\0') >= 0) {
                    throw new UnsafeDocument(STRUCTURE + "：压缩包内有不安全的条目名称");
                }
                long startCompressed = counted.count();
                long inflated = 0;
                byte[] prologue = new byte[PROLOGUE_BYTES];
                int prologueLength = 0;
                int read;
                while ((read = in.read(buffer)) > 0) {
                    if (prologueLength < PROLOGUE_BYTES) {
                        int take = Math.min(read, PROLOGUE_BYTES - prologueLength);
                        System.arraycopy(buffer, 0, prologue, prologueLength, take);
                        prologueLength += take;
                    }
                    inflated += read;
                    inflatedTotal += read;
                    if (inflatedTotal > maxInflatedBytes) {
                        throw new UnsafeDocument(BOMB + "（解压后超过" + (maxInflatedBytes >> 20) + "MB）");
                    }
                    if (inflated > GRACE_BYTES) {
                        double ratio = (double) (counted.count() - startCompressed) / inflated;
                        if (ratio < minInflateRatio) {
                            throw new UnsafeDocument(BOMB);
                        }
                    }
                }
                if (isXml(name) && declaresDoctype(prologue, prologueLength)) {
                    throw new UnsafeDocument(STRUCTURE + "：文件含有不允许的 DOCTYPE 或实体声明，已拒绝");
                }
            }
        } catch (ZipException e) {
            throw new UnsafeDocument("文件无法解析：压缩结构已损坏");
        } catch (IOException e) {
            throw new UnsafeDocument("文件无法解析：读取压缩内容失败");
        }
        if (names.isEmpty()) {
            throw new UnsafeDocument("文件无法解析：压缩包为空");
        }
        return names;
    }

    private void inspectCentralDirectory(byte[] zip, int localEntries) {
        try (ZipFile file = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            Set<String> seen = new HashSet<>();
            int count = 0;
            for (var e = file.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                if (++count > maxEntries) {
                    throw new UnsafeDocument("文件包含的压缩条目过多（超过" + maxEntries + "个），已拒绝");
                }
                if (!seen.add(entry.getName())) {
                    throw new UnsafeDocument(STRUCTURE + "：压缩包内有重复的条目「" + printable(entry.getName()) + "」");
                }
            }
            if (count != localEntries) {
                throw new UnsafeDocument(STRUCTURE + "：压缩目录与内容不一致");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnsafeDocument unsafe) throw unsafe;
            throw new UnsafeDocument("文件无法解析：压缩目录已损坏");
        }
    }

    private static boolean isXml(String name) {
        return name.endsWith(".xml") || name.endsWith(".rels") || name.endsWith(".vml");
    }

    private static boolean declaresDoctype(byte[] prologue, int length) {
        String head = new String(prologue, 0, length, StandardCharsets.ISO_8859_1).toUpperCase();
        if (head.contains("<!DOCTYPE") || head.contains("<!ENTITY")) return true;
        // UTF-16 encoded parts: look at every other byte
        StringBuilder narrow = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (prologue[i] != 0) narrow.append((char) (prologue[i] & 0xff));
        }
        String squeezed = narrow.toString().toUpperCase();
        return squeezed.contains("<!DOCTYPE") || squeezed.contains("<!ENTITY");
    }

    private static String printable(String name) {
        String clean = name.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }

    /** An archive failed a safety check; the message is for the user. */
    static final class UnsafeDocument extends RuntimeException {
        UnsafeDocument(String message) {
            super(message);
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() { return count; }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
