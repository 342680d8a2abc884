package org.xiezuo.ledger.personal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys for personal data at rest ({@code xiezuo.personal-data.*}, see docs/personal-data.md). Production
 * configures them from outside the repository and the database — e.g. {@code XIEZUO_PERSONAL_DATA_KEYS_1},
 * {@code XIEZUO_PERSONAL_DATA_ACTIVE_KEY}, {@code XIEZUO_PERSONAL_DATA_INDEX_KEY} — and refuses to start
 * without them. Elsewhere, with nothing configured, a key is generated ({@code generate}).
 *
 * @param keys encryption keys by key id (a positive number stored next to every ciphertext), each 32
 *             random bytes in base64 ({@code openssl rand -base64 32}); old keys stay until
 *             {@link KeyRotation} has moved every value to the active one
 * @param activeKey the key id new values are encrypted under; may be left out when there is one key
 * @param indexKey the HMAC key of the blind index (base64, 32 bytes), separate from the encryption keys
 * @param generate with no keys configured outside production: {@code file} keeps a generated key in
 *                 {@code keyFile}, {@code memory} keeps it only for the life of the process
 * @param keyFile where a generated key is kept; default {@code ${xiezuo.data-path}/personal-data.keys}
 * @param rotationChunkSize rows re-encrypted per transaction by {@link KeyRotation}
 */
@ConfigurationProperties("xiezuo.personal-data")
public record PersonalDataSettings(
        Map<Integer, String> keys,
        @Nullable Integer activeKey,
        @Nullable String indexKey,
        @DefaultValue("file") Generate generate,
        @Nullable Path keyFile,
        @DefaultValue("500") int rotationChunkSize) {

    /** Where a key comes from when none is configured (never in production). */
    public enum Generate { FILE, MEMORY }

    public PersonalDataSettings {
        keys = keys == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(keys));
        if (rotationChunkSize < 1) throw new IllegalArgumentException("xiezuo.personal-data.rotation-chunk-size must be at least 1");
    }

    /** Configured keys with the given active key and index key; nothing generated. */
    public static PersonalDataSettings configured(Map<Integer, String> keys, @Nullable Integer activeKey, String indexKey) {
        return new PersonalDataSettings(keys, activeKey, indexKey, Generate.FILE, null, 500);
    }

    /** Nothing configured: a key is generated as {@code generate} says. */
    public static PersonalDataSettings generated(Generate generate, @Nullable Path keyFile) {
        return new PersonalDataSettings(Map.of(), null, null, generate, keyFile, 500);
    }

    public PersonalDataSettings withRotationChunkSize(int size) {
        return new PersonalDataSettings(keys, activeKey, indexKey, generate, keyFile, size);
    }

    /** Whether any key material is configured (then all of it must be). */
    boolean anyConfigured() {
        return !keys.isEmpty() || (indexKey != null && !indexKey.isBlank());
    }

    /** Never the key material: settings end up in logs and failure reports. */
    @Override
    public String toString() {
        return "PersonalDataSettings[keys=" + keys.keySet() + ", activeKey=" + activeKey + ", indexKey="
                + (indexKey == null ? "none" : "(set)") + ", generate=" + generate + ", keyFile=" + keyFile
                + ", rotationChunkSize=" + rotationChunkSize + "]";
    }
}
