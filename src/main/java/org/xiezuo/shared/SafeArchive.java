package org.xiezuo.shared;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.zip.ZipException;

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
 * with the same content, so a part cannot be hidden from one reader and served to the other: the same
 * method and the same compressed bytes, so that the archive is inflated once (docs/adr/0022). Inflates
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

    /**
     * Reads chosen entries of an archive while it is checked, so that a caller who needs a quick look at a
     * part's bytes before parsing it does not inflate it once more: {@link #read} runs on the check's
     * second thread, on the entry's content as the central directory gives it, under the same size and
     * ratio limits. It runs before the check has passed, so it must not parse the content as XML or keep
     * more than it needs; what it learnt is only to be used once {@link #inspect(Path, Reading)} returned.
     */
    public interface Reading {
        /** Whether {@link #read} wants this entry, by its name. */
        boolean wants(String name);

        /** Reads the entry's content (what is left unread is skipped). A failure refuses the file as a damaged directory. */
        void read(String name, InputStream content) throws IOException;
    }

    private static final Reading NOTHING = new Reading() {
        @Override
        public boolean wants(String name) {
            return false;
        }

        @Override
        public void read(String name, InputStream content) {}
    };

    /** The entry names, after every check passed; throws {@link UnsafeDocument} otherwise. */
    public Set<String> inspect(byte[] zip) {
        return inspect(() -> localView(new ByteArrayInputStream(zip)),
                () -> ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get(), NOTHING);
    }

    /**
     * The same checks on a file, read as a stream and then through its central directory, without
     * holding the whole file in memory (a million-row ledger is 50 MB).
     */
    public Set<String> inspect(Path zip) {
        return inspect(zip, NOTHING);
    }

    /** {@link #inspect(Path)}, with {@code reading} given the entries it wants while the check runs. */
    public Set<String> inspect(Path zip, Reading reading) {
        return inspect(() -> {
            try {
                return localView(Files.newInputStream(zip));
            } catch (IOException e) {
                throw new UnsafeDocument("文件无法解析：读取压缩内容失败");
            }
        }, () -> ZipFile.builder().setSeekableByteChannel(Files.newByteChannel(zip)).get(), reading);
    }

    private interface ZipOpener {
        ZipFile open() throws IOException;
    }

    /**
     * Both views at once, one inflate in all: the local entries are inflated and checked on the caller's
     * thread, while a thread of this call reads the central directory and the compressed bytes each of
     * its entries points to (and inflates the entries {@code reading} wants). The views agree when they
     * list the same names with the same method and the same compressed bytes — then every reader
     * inflates the same content, so the one inflate checks what either view would serve. The outcome is
     * the one the views give one after the other: the local view's refusal first, then the central
     * directory's steps replayed in order against it ({@link DirectoryStep}), so every file is refused
     * with the same message as before. The thread has ended when this returns.
     */
    private Set<String> inspect(java.util.function.Supplier<Map<String, LocalEntries.Entry>> localView, ZipOpener zip,
                                Reading reading) {
        List<DirectoryStep> steps = new ArrayList<>();
        RuntimeException[] directoryFailure = new RuntimeException[1];
        Thread directory = new Thread(() -> {
            try {
                readCentralDirectory(zip, steps, reading);
            } catch (RuntimeException e) {
                directoryFailure[0] = e;
            }
        }, "safe-archive-directory");
        directory.setDaemon(true);
        directory.start();
        Map<String, LocalEntries.Entry> local;
        try {
            local = localView.get();
        } finally {
            Threads.joinUninterruptibly(directory);
        }
        if (directoryFailure[0] != null) throw directoryFailure[0];
        compare(steps, local, zip);
        return local.keySet();
    }

    /** The entries as a streaming reader sees them, each inflated once under the checks. */
    private Map<String, LocalEntries.Entry> localView(InputStream zip) {
        Names names = new Names();
        Map<String, LocalEntries.Entry> entries = new LinkedHashMap<>();
        Inflation inflation = new Inflation();
        try (LocalEntries in = new LocalEntries(zip)) {
            String name;
            while ((name = in.next()) != null) {
                names.add(name);
                Inflation.Check check = inflation.start(name);
                entries.put(name, in.read(check::accept));
                check.finish();
            }
        } catch (ZipException e) {
            throw new UnsafeDocument("文件无法解析：压缩结构已损坏");
        } catch (IOException e) {
            throw new UnsafeDocument("文件无法解析：读取压缩内容失败");
        } catch (IllegalArgumentException e) {
            throw new UnsafeDocument(STRUCTURE + "：压缩条目名称不是有效的 UTF-8 文字");
        }
        if (entries.isEmpty()) {
            throw new UnsafeDocument("文件无法解析：压缩包为空");
        }
        return entries;
    }

    /**
     * One entry of the central directory as POI reads it: its name, then either the refusal its name
     * earned (count, duplicate, unsafe), or its method and the SHA-256 of its compressed bytes, or the
     * refusal reading them earned. The last step of a directory that failed carries the failure.
     */
    private record DirectoryStep(String name, @Nullable UnsafeDocument nameRefused, int method, byte @Nullable [] digest,
                                 @Nullable UnsafeDocument contentRefused) {}

    /** The entries as POI reads them, under the same checks; stops at the first refusal, which is the last step. */
    private void readCentralDirectory(ZipOpener zip, List<DirectoryStep> steps, Reading reading) {
        try (ZipFile file = zip.open()) {
            Names names = new Names();
            Inflation inflation = new Inflation();
            byte[] buffer = new byte[64 * 1024];
            for (var e = file.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                try {
                    names.add(entry.getName());
                } catch (UnsafeDocument refused) {
                    steps.add(new DirectoryStep(entry.getName(), refused, -1, null, null));
                    return;
                }
                byte[] digest;
                try {
                    if (!file.canReadEntryData(entry)) throw new UnsafeDocument("文件无法解析：压缩方式不受支持");
                    MessageDigest sha = sha256();
                    try (InputStream raw = file.getRawInputStream(entry)) {
                        if (raw == null) throw new IOException("no data");
                        int read;
                        while ((read = raw.read(buffer)) != -1) sha.update(buffer, 0, read);
                    }
                    digest = sha.digest();
                    if (reading.wants(entry.getName())) {
                        try (InputStream in = file.getInputStream(entry)) {
                            InputStream checked = inflation.checking(entry.getName(), in, compressedCount(in, entry));
                            reading.read(entry.getName(), checked);
                            checked.transferTo(OutputStream.nullOutputStream());
                            checked.close();
                        }
                    }
                } catch (IOException | RuntimeException failure) {
                    UnsafeDocument refused = failure instanceof UnsafeDocument unsafe ? unsafe
                            : new UnsafeDocument("文件无法解析：压缩目录已损坏");
                    steps.add(new DirectoryStep(entry.getName(), null, entry.getMethod(), null, refused));
                    return;
                }
                steps.add(new DirectoryStep(entry.getName(), null, entry.getMethod(), digest, null));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnsafeDocument unsafe) throw unsafe;
            throw new UnsafeDocument("文件无法解析：压缩目录已损坏");
        }
    }

    /** Compressed bytes read so far from an entry's stream (commons-compress counts them), else its whole size. */
    private static LongSupplier compressedCount(InputStream in, ZipArchiveEntry entry) {
        return () -> in instanceof InputStreamStatistics statistics ? statistics.getCompressedCount() : entry.getCompressedSize();
    }

    /**
     * The central directory's steps against the local entries, in its order: same names, same method and
     * compressed bytes, no more, no fewer. An entry whose bytes differ is then inflated as the directory
     * serves it, under the checks with the total of the entries before it, so that a bomb or a DOCTYPE
     * hidden from the local headers is refused for what it is, as when both views were inflated.
     */
    private void compare(List<DirectoryStep> steps, Map<String, LocalEntries.Entry> local, ZipOpener zip) {
        long inflatedBefore = 0;
        for (DirectoryStep step : steps) {
            if (step.nameRefused() != null) throw step.nameRefused();
            LocalEntries.Entry seen = local.get(step.name());
            if (seen == null) throw new UnsafeDocument(INCONSISTENT);
            if (step.contentRefused() != null) throw step.contentRefused();
            if (seen.method() != step.method() || !MessageDigest.isEqual(seen.compressedDigest(), step.digest())) {
                throw refusalOfHidden(zip, step.name(), inflatedBefore);
            }
            inflatedBefore += seen.size();
        }
        if (steps.size() != local.size()) {
            throw new UnsafeDocument(INCONSISTENT);
        }
    }

    /** What inflating the directory's entry {@code name} is refused for, or the views' inconsistency. */
    private UnsafeDocument refusalOfHidden(ZipOpener zip, String name, long inflatedBefore) {
        try (ZipFile file = zip.open()) {
            ZipArchiveEntry entry = file.getEntry(name);
            if (entry != null && file.canReadEntryData(entry)) {
                Inflation inflation = new Inflation();
                inflation.inflatedTotal = inflatedBefore;
                try (InputStream in = file.getInputStream(entry)) {
                    inflation.checking(name, in, compressedCount(in, entry)).transferTo(OutputStream.nullOutputStream());
                }
            }
        } catch (UnsafeDocument refused) {
            return refused;
        } catch (IOException | RuntimeException e) {
            // damaged where the directory points: inconsistent all the same
        }
        return new UnsafeDocument(INCONSISTENT);
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

    /** The size, ratio and XML checks over the inflated entries of one view, keeping the running total. */
    private final class Inflation {
        private long inflatedTotal;

        Check start(String name) {
            return new Check(name);
        }

        /** One entry's content passed through the checks as {@code reader} reads it. */
        InputStream checking(String name, InputStream in, LongSupplier compressedSoFar) {
            Check check = start(name);
            return new FilterInputStream(in) {
                private boolean finished;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        check.accept(b, off, n, compressedSoFar.getAsLong());
                    } else if (n < 0 && !finished) {
                        finished = true;
                        check.finish();
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    byte[] skipped = new byte[(int) Math.min(n, 8192)];
                    int read = read(skipped, 0, skipped.length);
                    return Math.max(read, 0);
                }
            };
        }

        /** One entry: its inflated bytes so far, the XML check. */
        final class Check {
            private final XmlCheck xml;
            private long inflated;

            Check(String name) {
                this.xml = new XmlCheck(name);
            }

            void accept(byte[] bytes, int offset, int length, long compressedSoFar) {
                inflated += length;
                inflatedTotal += length;
                if (inflatedTotal > maxInflatedBytes) {
                    throw new UnsafeDocument(BOMB + "（解压后超过" + (maxInflatedBytes >> 20) + "MB）");
                }
                if (inflated > GRACE_BYTES && (double) compressedSoFar / inflated < minInflateRatio) {
                    throw new UnsafeDocument(BOMB);
                }
                xml.feed(bytes, offset, length);
            }

            void finish() {
                xml.finish();
            }
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

        void feed(byte[] bytes, int offset, int count) {
            int length = offset + count;
            for (int i = offset; i < length; i++) {
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

    static MessageDigest sha256() {
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
}
