package org.xiezuo.shared;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.jspecify.annotations.Nullable;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Checks an Office file (a zip) before any XML parser sees it — task books, account lists, and every
 * later upload of .docx or .xlsx: entry count, duplicate or unsafe
 * entry names (CVE-2025-31672; names that differ only in case count as duplicates, as they do for
 * Office), inflated size and inflate ratio (zip bombs), and DOCTYPE declarations anywhere in an XML
 * part, which must be UTF-8 or UTF-16 (XXE, entity expansion) — Office parts never carry one.
 *
 * <p>A zip can be read two ways: entry by entry through the local headers (as a streaming reader does)
 * or through the central directory (as POI does). Both are checked, and both must list the same entries
 * with the same content, so a part cannot be hidden from one reader and served to the other. Inflates
 * with a fixed buffer, so memory stays flat whatever the archive claims.
 */
public final class SafeArchive {

    public static final String BOMB = "文件异常，疑似压缩炸弹，已拒绝";
    public static final String STRUCTURE = "文件结构异常";

    /** Smaller entries are not judged by their ratio: the grace POI's {@code ZipSecureFile} allows too. */
    private static final long GRACE_BYTES = 100 * 1024;
    private static final String INCONSISTENT = STRUCTURE + "：压缩目录与压缩内容不一致，已拒绝";

    private final int maxEntries;
    private final long maxInflatedBytes;
    private final double minInflateRatio;

    public SafeArchive(int maxEntries, long maxInflatedBytes, double minInflateRatio) {
        this.maxEntries = maxEntries;
        this.maxInflatedBytes = maxInflatedBytes;
        this.minInflateRatio = minInflateRatio;
    }

    /** The entry names, after every check passed; throws {@link UnsafeDocument} otherwise. */
    public Set<String> inspect(byte[] zip) {
        return inspect(() -> inspectLocalEntries(new ByteArrayInputStream(zip)),
                () -> ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get());
    }

    /**
     * The same checks on a file, read as a stream and then through its central directory, without
     * holding the whole file in memory (a million-row ledger is 50 MB).
     */
    public Set<String> inspect(Path zip) {
        return inspect(() -> {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(zip), 64 * 1024)) {
                return inspectLocalEntries(in);
            } catch (IOException e) {
                throw new UnsafeDocument("文件无法解析：读取压缩内容失败");
            }
        }, () -> ZipFile.builder().setSeekableByteChannel(Files.newByteChannel(zip)).get());
    }

    private interface ZipOpener {
        ZipFile open() throws IOException;
    }

    /**
     * Both views at once: the central directory is inflated on a thread of this call while the local
     * entries are inflated on the caller's (each view is a full inflate of the archive — most of what
     * the check costs, and the two do not depend on each other until they are compared). The outcome is
     * the one the views give one after the other: the local view's refusal first, then the central
     * directory's steps replayed in order against it ({@link DirectoryStep}), so every file is refused with
     * the same message as before. The thread has ended when this returns.
     */
    private Set<String> inspect(java.util.function.Supplier<Map<String, byte[]>> localView, ZipOpener zip) {
        List<DirectoryStep> steps = new ArrayList<>();
        RuntimeException[] directoryFailure = new RuntimeException[1];
        Thread directory = new Thread(() -> {
            try {
                readCentralDirectory(zip, steps);
            } catch (RuntimeException e) {
                directoryFailure[0] = e;
            }
        }, "safe-archive-directory");
        directory.setDaemon(true);
        directory.start();
        Map<String, byte[]> local;
        try {
            local = localView.get();
        } finally {
            Threads.joinUninterruptibly(directory);
        }
        if (directoryFailure[0] != null) throw directoryFailure[0];
        compare(steps, local);
        return local.keySet();
    }

    /** The entries as a streaming reader sees them, with the SHA-256 of each entry's content. */
    private Map<String, byte[]> inspectLocalEntries(InputStream zip) {
        Names names = new Names();
        Map<String, byte[]> digests = new LinkedHashMap<>();
        Inflation inflation = new Inflation();
        CountingInputStream counted = new CountingInputStream(zip);
        try (ZipInputStream in = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                names.add(name);
                long startCompressed = counted.count();
                digests.put(name, inflation.entry(name, in, () -> counted.count() - startCompressed));
            }
        } catch (ZipException e) {
            throw new UnsafeDocument("文件无法解析：压缩结构已损坏");
        } catch (IOException e) {
            throw new UnsafeDocument("文件无法解析：读取压缩内容失败");
        } catch (IllegalArgumentException e) {
            throw new UnsafeDocument(STRUCTURE + "：压缩条目名称不是有效的 UTF-8 文字");
        }
        if (digests.isEmpty()) {
            throw new UnsafeDocument("文件无法解析：压缩包为空");
        }
        return digests;
    }

    /**
     * One entry of the central directory as POI reads it: its name, then either the refusal its name
     * earned (count, duplicate, unsafe), or its content's SHA-256, or the refusal reading its content
     * earned. The last step of a directory that failed carries the failure.
     */
    private record DirectoryStep(String name, @Nullable UnsafeDocument nameRefused, byte @Nullable [] digest,
                                 @Nullable UnsafeDocument contentRefused) {}

    /** The entries as POI reads them, under the same checks; stops at the first refusal, which is the last step. */
    private void readCentralDirectory(ZipOpener zip, List<DirectoryStep> steps) {
        try (ZipFile file = zip.open()) {
            Names names = new Names();
            Inflation inflation = new Inflation();
            for (var e = file.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                try {
                    names.add(entry.getName());
                } catch (UnsafeDocument refused) {
                    steps.add(new DirectoryStep(entry.getName(), refused, null, null));
                    return;
                }
                byte[] digest;
                try {
                    if (!file.canReadEntryData(entry)) throw new UnsafeDocument("文件无法解析：压缩方式不受支持");
                    try (InputStream in = file.getInputStream(entry)) {
                        digest = inflation.entry(entry.getName(), in, () -> in instanceof InputStreamStatistics statistics
                                ? statistics.getCompressedCount() : entry.getCompressedSize());
                    }
                } catch (IOException | RuntimeException failure) {
                    UnsafeDocument refused = failure instanceof UnsafeDocument unsafe ? unsafe
                            : new UnsafeDocument("文件无法解析：压缩目录已损坏");
                    steps.add(new DirectoryStep(entry.getName(), null, null, refused));
                    return;
                }
                steps.add(new DirectoryStep(entry.getName(), null, digest, null));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnsafeDocument unsafe) throw unsafe;
            throw new UnsafeDocument("文件无法解析：压缩目录已损坏");
        }
    }

    /** The central directory's steps against the local entries, in its order: same names, same content, no more, no fewer. */
    private static void compare(List<DirectoryStep> steps, Map<String, byte[]> local) {
        for (DirectoryStep step : steps) {
            if (step.nameRefused() != null) throw step.nameRefused();
            byte[] seen = local.get(step.name());
            if (seen == null) throw new UnsafeDocument(INCONSISTENT);
            if (step.contentRefused() != null) throw step.contentRefused();
            if (!MessageDigest.isEqual(seen, step.digest())) throw new UnsafeDocument(INCONSISTENT);
        }
        if (steps.size() != local.size()) {
            throw new UnsafeDocument(INCONSISTENT);
        }
    }

    /** Entry names of one view of the archive: how many, unique (ignoring case), safe. */
    private final class Names {
        private final Set<String> exact = new HashSet<>();
        private final Set<String> folded = new HashSet<>();

        void add(String name) {
            if (exact.size() >= maxEntries) {
                throw new UnsafeDocument("文件包含的压缩条目过多（超过" + maxEntries + "个），已拒绝");
            }
            if (!exact.add(name) || !folded.add(name.toLowerCase(Locale.ROOT))) {
                throw new UnsafeDocument(STRUCTURE + "：压缩包内有重复的条目「" + printable(name) + "」");
            }
            if (name.startsWith("/") || name.contains("..") || name.contains("\\") || name.indexOf('\0') >= 0) {
                throw new UnsafeDocument(STRUCTURE + "：压缩包内有不安全的条目名称");
            }
        }

        int size() { return exact.size(); }
    }

    /** Inflates the entries of one view through one buffer, keeping the running total. */
    private final class Inflation {
        private final byte[] buffer = new byte[16 * 1024];
        private long inflatedTotal;

        /** Reads one entry to its end under the size, ratio and XML checks; answers its SHA-256. */
        byte[] entry(String name, InputStream in, LongSupplier compressedSoFar) throws IOException {
            MessageDigest digest = sha256();
            XmlCheck xml = new XmlCheck(name);
            long inflated = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                inflated += read;
                inflatedTotal += read;
                if (inflatedTotal > maxInflatedBytes) {
                    throw new UnsafeDocument(BOMB + "（解压后超过" + (maxInflatedBytes >> 20) + "MB）");
                }
                if (inflated > GRACE_BYTES && (double) compressedSoFar.getAsLong() / inflated < minInflateRatio) {
                    throw new UnsafeDocument(BOMB);
                }
                digest.update(buffer, 0, read);
                xml.feed(buffer, read);
            }
            xml.finish();
            return digest.digest();
        }
    }

    /**
     * Looks through a whole part for {@code <!DOCTYPE} or {@code <!ENTITY}, skipping zero bytes so that
     * UTF-16 and UTF-32 parts are read like ASCII. Parts named as XML must also start like UTF-8 or UTF-16
     * XML and declare no other encoding: in EBCDIC, say, the declaration would not be visible here. Other
     * parts are searched when they start like XML, since a content-type override can make POI parse them.
     */
    private static final class XmlCheck {
        private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ENTITY = "<!ENTITY".getBytes(StandardCharsets.US_ASCII);
        private static final int HEAD_CHARS = 256;
        private static final Pattern ENCODING = Pattern.compile("\\sencoding\\s*=\\s*[\"']([^\"']*)[\"']");
        private static final Set<String> ENCODINGS = Set.of("UTF-8", "UTF8", "UTF-16", "UTF-16LE", "UTF-16BE",
                "UTF-32", "UTF-32LE", "UTF-32BE", "US-ASCII", "ASCII", "ISO-8859-1", "WINDOWS-1252", "GBK", "GB2312",
                "GB18030");

        private final String name;
        private final boolean namedXml;
        /** HTML parts (Word's altChunk) legitimately start with {@code <!DOCTYPE html>} and are not parsed as XML. */
        private final boolean html;
        private final StringBuilder head = new StringBuilder();
        private boolean headChecked;
        private boolean looksLikeXml;
        private int doctype;
        private int entity;

        XmlCheck(String name) {
            this.name = name;
            String lower = name.toLowerCase(Locale.ROOT);
            this.namedXml = lower.endsWith(".xml") || lower.endsWith(".rels") || lower.endsWith(".vml");
            this.html = lower.endsWith(".htm") || lower.endsWith(".html");
        }

        void feed(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                if (doctype == 0 && entity == 0 && headChecked) {
                    // Both patterns start with '<' (and never repeat it): until the next '<' no byte can
                    // move either match, so skip ahead to it. Zero bytes are never '<' either.
                    while (i < length && bytes[i] != '<') i++;
                    if (i == length) return;
                }
                int c = bytes[i] & 0xff;
                if (c == 0) continue;
                if (!headChecked) {
                    head.append((char) c);
                    if (head.length() >= HEAD_CHARS) checkHead();
                }
                int upper = c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
                doctype = step(DOCTYPE, doctype, upper);
                entity = step(ENTITY, entity, upper);
                if (doctype == DOCTYPE.length || entity == ENTITY.length) {
                    if (!headChecked) checkHead();
                    if (namedXml || looksLikeXml) {
                        throw new UnsafeDocument(STRUCTURE + "：文件含有不允许的 DOCTYPE 或实体声明，已拒绝");
                    }
                    doctype = 0;
                    entity = 0;
                }
            }
        }

        void finish() {
            if (!headChecked) checkHead();
        }

        /** The patterns start with a character they do not repeat, so a mismatch restarts the match. */
        private static int step(byte[] pattern, int matched, int c) {
            if (pattern[matched] == c) return matched + 1;
            return pattern[0] == c ? 1 : 0;
        }

        private void checkHead() {
            headChecked = true;
            int start = 0;
            while (start < head.length() && isBomOrSpace(head.charAt(start))) start++;
            String text = head.substring(start);
            looksLikeXml = text.startsWith("<") && !html;
            if (!namedXml || text.isEmpty()) return;
            if (!looksLikeXml) {
                throw new UnsafeDocument(STRUCTURE + "：「" + printable(name) + "」不是 UTF-8 或 UTF-16 编码的 XML，已拒绝");
            }
            if (text.startsWith("<?xml")) {
                int end = text.indexOf("?>");
                if (end < 0) {
                    throw new UnsafeDocument(STRUCTURE + "：「" + printable(name) + "」的 XML 声明异常，已拒绝");
                }
                Matcher encoding = ENCODING.matcher(text.substring(0, end));
                if (encoding.find() && !ENCODINGS.contains(encoding.group(1).strip().toUpperCase(Locale.ROOT))) {
                    throw new UnsafeDocument(STRUCTURE + "：「" + printable(name) + "」使用了不支持的字符编码「"
                            + printable(encoding.group(1)) + "」，已拒绝");
                }
            }
        }

        private static boolean isBomOrSpace(char c) {
            return c == 0xEF || c == 0xBB || c == 0xBF || c == 0xFE || c == 0xFF || c == ' ' || c == '\t' || c == '\r'
                    || c == '\n';
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String printable(String name) {
        String clean = name.replaceAll("[\\p{Cntrl}\\p{Cf}]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }

    /** An archive failed a safety check; the message is for the user. */
    public static final class UnsafeDocument extends RuntimeException {
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
