package org.xiezuo.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Evidence bytes as files in a configured folder outside any web path ({@code xiezuo.reporting.evidence.folder}),
 * one file per key, readable by the application's account only. A write goes to {@code <key>.part},
 * is forced to disk and then renamed atomically to {@code <key>} (SECURITY.md §6: temp file, hash,
 * atomic move, database row); a failed write removes the part file, a rolled-back transaction removes
 * the file, and a discard removes it only after the commit. The folder must be shared by all instances.
 */
class FolderEvidenceStore implements EvidenceStore {

    private static final Logger log = LoggerFactory.getLogger(FolderEvidenceStore.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path folder;
    private final Supplier<String> keys;

    /**
     * The keys come from {@code keys}: random in the application ({@link EvidenceStore#randomKey()}); a test
     * fixes one to place a full device at that name. Keys are unguessable, so nobody can prepare a file
     * or link where the next write goes.
     */
    FolderEvidenceStore(Path folder, Supplier<String> keys) {
        this.folder = folder.toAbsolutePath().normalize();
        this.keys = keys;
        try {
            if (POSIX) {
                Files.createDirectories(this.folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(this.folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("evidence folder " + this.folder + " cannot be created", e);
        }
        if (!Files.isDirectory(this.folder) || !Files.isWritable(this.folder)) {
            throw new IllegalStateException("evidence folder " + this.folder + " is not a writable directory");
        }
    }

    Path folder() { return folder; }

    @Override
    public String write(byte[] content) throws IOException {
        String key = keys.get();
        Path target = file(key);
        Path part = folder.resolve(key + ".part");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new IOException("evidence key already taken: " + key);
        try (FileChannel channel = FileChannel.open(part, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), permissions())) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        } catch (IOException e) {
            deleteQuietly(part);
            throw e;
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(part);
            throw e;
        }
        afterRollback(() -> deleteQuietly(target));
        return key;
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void discard(String key) {
        Path target = file(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deleteQuietly(target);
                }
            });
        } else {
            deleteQuietly(target);
        }
    }

    /**
     * The folder's entries: {@code <key>} files are objects, {@code <key>.part} files the leftovers of
     * interrupted writes, anything else (including directories and links) a stranger the sweeper reports
     * and never touches.
     */
    @Override
    public List<Listed> list() throws IOException {
        List<Listed> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path path : files.sorted().toList()) {
                String name = path.getFileName().toString();
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                ListedKind kind = !attributes.isRegularFile() ? ListedKind.FOREIGN
                        : KEY.matcher(name).matches() ? ListedKind.OBJECT
                        : name.endsWith(".part") && KEY.matcher(name.substring(0, name.length() - 5)).matches() ? ListedKind.PARTIAL
                        : ListedKind.FOREIGN;
                entries.add(new Listed(name, attributes.size(), attributes.lastModifiedTime().toInstant(), kind));
            }
        }
        return entries;
    }

    @Override
    public boolean remove(Listed entry) throws IOException {
        if (entry.kind() == ListedKind.FOREIGN) return false;
        String key = entry.kind() == ListedKind.PARTIAL ? entry.name().substring(0, entry.name().length() - 5) : entry.name();
        Path target = entry.kind() == ListedKind.PARTIAL ? file(key).resolveSibling(entry.name()) : file(key);
        return Files.deleteIfExists(target);
    }

    private Path file(String key) {
        if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("not an evidence key");
        return folder.resolve(key);
    }

    private static void afterRollback(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) action.run();
            }
        });
    }

    private static FileAttribute<?>[] permissions() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Evidence file {} could not be removed: {}", file.getFileName(), e.toString());
        }
    }
}
