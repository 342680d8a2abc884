package org.xiezuo.ledger.personal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key material {@link PersonalData} works with: AES-256 keys by key id, the active key id, and the
 * separate HMAC key of the blind index — read from the configuration, or, with nothing configured
 * outside production, generated into a key file (or memory). Production without keys is refused.
 * Nothing here ever writes key material to a log or an exception message.
 */
public final class PersonalDataKeys {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataKeys.class);

    /** Bytes of every key: AES-256 and HMAC-SHA-256 alike. */
    public static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Map<Integer, SecretKey> keys;
    private final int active;
    private final SecretKey index;
    private final String source;

    private PersonalDataKeys(Map<Integer, SecretKey> keys, int active, SecretKey index, String source) {
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
        this.active = active;
        this.index = index;
        this.source = source;
    }

    /**
     * The keys the settings call for: the configured ones; in production nothing else; otherwise a
     * generated key in {@code settings.keyFile()} (default {@code defaultKeyFile}) or in memory.
     *
     * @throws PersonalDataRefused when production has no keys, or configured keys are unusable
     */
    public static PersonalDataKeys load(PersonalDataSettings settings, boolean production, Path defaultKeyFile) {
        return loader(settings, production, defaultKeyFile).get();
    }

    /**
     * Like {@link #load}, except that a key file that does not exist yet is created only when the keys
     * are first needed: a start that never stores personal data — a command, a test against another
     * database — leaves no key file behind. Everything else (configured keys, an existing key file, the
     * production refusal) is checked at once.
     */
    public static Supplier<PersonalDataKeys> loader(PersonalDataSettings settings, boolean production, Path defaultKeyFile) {
        if (settings.anyConfigured()) {
            PersonalDataKeys keys = configured(settings, "configuration");
            return () -> keys;
        }
        if (production) throw PersonalDataRefused.missingInProduction();
        if (settings.generate() == PersonalDataSettings.Generate.MEMORY) {
            PersonalDataKeys keys = warnGenerated(generate("memory"));
            return () -> keys;
        }
        Path file = (settings.keyFile() != null ? settings.keyFile() : defaultKeyFile).toAbsolutePath().normalize();
        if (Files.exists(file)) {
            PersonalDataKeys keys = warnGenerated(fromFile(file));
            return () -> keys;
        }
        log.warn("未配置个人信息加密密钥：首次使用时将生成密钥文件 {}，仅适合试用和开发；生产环境请配置 xiezuo.personal-data.*。"
                + " / No personal-data keys configured: the key file {} will be generated when first needed; "
                + "configure xiezuo.personal-data.* in production.", file, file);
        return new Supplier<>() {
            private @Nullable PersonalDataKeys keys;

            @Override
            public synchronized PersonalDataKeys get() {
                if (keys == null) keys = warnGenerated(fromFile(file));
                return keys;
            }
        };
    }

    private static PersonalDataKeys warnGenerated(PersonalDataKeys generated) {
        log.warn("个人信息使用自动生成的加密密钥（{}），仅适合试用和开发；生产环境请配置 xiezuo.personal-data.*。"
                + " / Personal data is encrypted with a generated key ({}); configure xiezuo.personal-data.* in production.",
                generated.source, generated.source);
        return generated;
    }

    /** Keys from settings that configure them, checked. */
    public static PersonalDataKeys configured(PersonalDataSettings settings) {
        return configured(settings, "configuration");
    }

    /** Fresh random keys (key id 1) that live as long as the process. */
    public static PersonalDataKeys generateInMemory() {
        return generate("memory");
    }

    private static PersonalDataKeys configured(PersonalDataSettings settings, String source) {
        if (settings.keys().isEmpty()) {
            throw PersonalDataRefused.invalid("设置了 index-key 却没有加密密钥 keys.<编号>", "index-key is set but no keys.<id>");
        }
        String indexText = settings.indexKey();
        if (indexText == null || indexText.isBlank()) {
            throw PersonalDataRefused.invalid("设置了加密密钥却没有盲索引密钥 index-key", "keys are set but index-key is missing");
        }
        Map<Integer, SecretKey> keys = new TreeMap<>();
        for (Map.Entry<Integer, String> entry : settings.keys().entrySet()) {
            int id = entry.getKey();
            if (id < 1) throw PersonalDataRefused.invalid("密钥编号须为正整数（" + id + "）", "key ids must be positive (" + id + ")");
            keys.put(id, new SecretKeySpec(decode(entry.getValue(), "keys." + id), "AES"));
        }
        Integer activeKey = settings.activeKey();
        int active;
        if (activeKey != null) {
            active = activeKey;
        } else if (keys.size() == 1) {
            active = keys.keySet().iterator().next();
        } else {
            throw PersonalDataRefused.invalid("配置了多把密钥时须用 active-key 指定当前密钥", "with several keys, active-key must name one");
        }
        if (!keys.containsKey(active)) {
            throw PersonalDataRefused.invalid("active-key=" + active + " 不在已配置的密钥 " + keys.keySet() + " 中",
                    "active-key=" + active + " is not among the configured keys " + keys.keySet());
        }
        byte[] indexBytes = decode(indexText, "index-key");
        for (SecretKey key : keys.values()) {
            if (java.security.MessageDigest.isEqual(key.getEncoded(), indexBytes)) {
                throw PersonalDataRefused.invalid("盲索引密钥 index-key 不能与加密密钥相同", "index-key must differ from every encryption key");
            }
        }
        return new PersonalDataKeys(keys, active, new SecretKeySpec(indexBytes, "HmacSHA256"), source);
    }

    private static byte[] decode(String base64, String name) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw PersonalDataRefused.invalid(name + " 不是 base64 文本", name + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw PersonalDataRefused.invalid(name + " 应为32字节（base64 后44个字符），实为" + bytes.length + "字节",
                    name + " must be 32 bytes (44 base64 characters), is " + bytes.length);
        }
        return bytes;
    }

    private static PersonalDataKeys generate(String source) {
        return new PersonalDataKeys(Map.of(1, new SecretKeySpec(random(), "AES")), 1, new SecretKeySpec(random(), "HmacSHA256"), source);
    }

    private static byte[] random() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Reads the key file, writing a new one first (owner-only, never replacing one) when there is none. */
    static PersonalDataKeys fromFile(Path file) {
        Path path = file.toAbsolutePath().normalize();
        try {
            if (!Files.exists(path)) create(path);
            warnIfOthersMayRead(path);
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            Map<Integer, String> keys = new TreeMap<>();
            for (String name : properties.stringPropertyNames()) {
                if (!name.startsWith("keys.")) continue;
                try {
                    keys.put(Integer.valueOf(name.substring(5)), properties.getProperty(name));
                } catch (NumberFormatException e) {
                    throw PersonalDataRefused.invalid("密钥文件 " + path + " 中的 " + name + " 不是数字编号",
                            "key file " + path + " has a key name that is not a number: " + name);
                }
            }
            String active = properties.getProperty("active-key");
            Integer activeKey;
            try {
                activeKey = active == null ? null : Integer.valueOf(active.strip());
            } catch (NumberFormatException e) {
                throw PersonalDataRefused.invalid("密钥文件 " + path + " 中的 active-key 不是数字", "key file " + path + ": active-key is not a number");
            }
            PersonalDataSettings read = PersonalDataSettings.configured(keys, activeKey, properties.getProperty("index-key", ""));
            if (!read.anyConfigured()) {
                throw PersonalDataRefused.invalid("密钥文件 " + path + " 中没有密钥", "key file " + path + " holds no keys");
            }
            return configured(read, "file " + path);
        } catch (IOException e) {
            throw PersonalDataRefused.invalid("无法读写密钥文件 " + path + "（" + e.getClass().getSimpleName() + "）",
                    "cannot read or write the key file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void create(Path path) throws IOException {
        Path dir = path.getParent();
        Files.createDirectories(dir);
        String text = "# Xiezuo: generated personal-data keys (" + Instant.now() + ").\n"
                + "# Back up together with the database, but never into it; never commit; owner-only.\n"
                + "# Same names as xiezuo.personal-data.* (see docs/personal-data.md).\n"
                + "keys.1=" + Base64.getEncoder().encodeToString(random()) + "\n"
                + "active-key=1\n"
                + "index-key=" + Base64.getEncoder().encodeToString(random()) + "\n";
        // createTempFile makes the file rw------- where the file system has POSIX permissions
        Path temp = Files.createTempFile(dir, ".personal-data", ".tmp");
        try {
            ownerOnly(temp);
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            publish(temp, path);
        } finally {
            Files.deleteIfExists(temp);
        }
        log.info("个人信息密钥文件已生成：{} / Generated the personal-data key file {}", path, path);
    }

    /** Makes the complete file visible under its name at once; another instance's file, if first, wins. */
    private static void publish(Path temp, Path path) throws IOException {
        try {
            Files.createLink(path, temp);
        } catch (FileAlreadyExistsException e) {
            // another instance generated it first: use theirs
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            try {
                Files.move(temp, path);
            } catch (FileAlreadyExistsException taken) {
                // as above
            }
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(OWNER_ONLY);
        } else {
            java.io.File f = file.toFile();
            boolean ok = f.setReadable(false, false) & f.setReadable(true, true) & f.setWritable(false, false) & f.setWritable(true, true);
            if (!ok) log.warn("密钥文件权限无法限制为仅所有者 / cannot restrict the key file to its owner: {}", file);
        }
    }

    private static void warnIfOthersMayRead(Path path) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix == null) return;
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(permissions)) {
            log.warn("密钥文件 {} 的权限为 {}，应只允许所有者读写（chmod 600） / key file {} should be owner-only (chmod 600)",
                    path, java.nio.file.attribute.PosixFilePermissions.toString(permissions), path);
        }
    }

    /** The AES key of this id, or none. */
    @Nullable SecretKey key(int keyId) {
        return keys.get(keyId);
    }

    SecretKey indexKey() {
        return index;
    }

    /** The key id new values are encrypted under. */
    public int activeKeyId() {
        return active;
    }

    /** The configured key ids, ascending. */
    public Set<Integer> keyIds() {
        return keys.keySet();
    }

    /** Where the keys came from — "configuration", "file …" or "memory" — for messages. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "PersonalDataKeys[" + keys.keySet() + ", active " + active + ", from " + source + "]";
    }
}
