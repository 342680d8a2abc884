package org.xiezuo.ledger.personal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encryption at rest of personal data (身份证号, 手机号) with AES-256-GCM under a key that lives outside
 * the database, and the blind index (HMAC-SHA-256 under a separate key) that finds an ID by exact match
 * and detects duplicates without decrypting anything.
 *
 * <p>Every value gets a fresh random 12-byte nonce, so equal plaintexts give different ciphertexts.
 * Ciphertext layout ({@link #seal}):
 * <pre>
 *   byte  0       format: 1 = AES-256-GCM, 12-byte nonce, 128-bit tag
 *   bytes 1–4     key id, big-endian (the same id is stored in the row's *_key column)
 *   bytes 5–16    nonce
 *   bytes 17–     ciphertext of the UTF-8 plaintext, followed by the 16-byte GCM tag
 * </pre>
 * Bytes 0–4 are the GCM associated data: a changed format byte or key id fails authentication like a
 * changed ciphertext. The format byte leaves room for another algorithm (SM4-GCM) beside this one.
 *
 * <p>Keys come from {@link PersonalDataSettings}; see {@link PersonalDataKeys} for what happens when
 * none are configured. Thread-safe.
 */
@Component
public class PersonalData {

    /** Format byte of AES-256-GCM ciphertexts. */
    static final byte AES_GCM = 1;
    static final int HEADER = 5;
    static final int NONCE = 12;
    static final int TAG_BITS = 128;
    /** Header, nonce and tag: a ciphertext is this much longer than its UTF-8 plaintext. */
    public static final int OVERHEAD = HEADER + NONCE + TAG_BITS / 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    /**
     * One AES-GCM {@code Cipher} per thread, initialised afresh (key and nonce) for every value: a
     * provider look-up per value cost as much as the encryption itself during an import. A {@code Cipher}
     * is not thread-safe; each thread only ever uses its own, and every use starts with {@code init}, so
     * nothing of one value carries over to the next (nonce, key, associated data).
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(PersonalData::newCipher);

    /** One HMAC-SHA-256 per thread with the index key it was initialised with (re-initialised when that key changes). */
    private static final ThreadLocal<IndexMac> MACS = new ThreadLocal<>();

    private final Supplier<PersonalDataKeys> keySource;

    @Autowired
    PersonalData(PersonalDataSettings settings, Environment environment) {
        this(PersonalDataKeys.loader(settings, PersonalDataEnvironment.production(environment), defaultKeyFile(environment)));
    }

    public PersonalData(PersonalDataKeys keys) {
        Objects.requireNonNull(keys);
        this.keySource = () -> keys;
    }

    /** Keys from {@link PersonalDataKeys#loader}: a key file still to be generated is made at the first use. */
    PersonalData(Supplier<PersonalDataKeys> keySource) {
        this.keySource = Objects.requireNonNull(keySource);
    }

    static Path defaultKeyFile(Environment environment) {
        return Path.of(environment.getProperty("xiezuo.data-path", "./data"), "personal-data.keys");
    }

    /** A ciphertext and the id of the key it was made with; store both. */
    public record Sealed(int keyId, byte[] bytes) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Sealed s && s.keyId == keyId && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * keyId + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Sealed[key " + keyId + ", " + bytes.length + " bytes]";
        }
    }

    /** The key id {@link #seal} uses now. */
    public int activeKeyId() {
        return keySource.get().activeKeyId();
    }

    /** Encrypts under the active key with a fresh nonce. */
    public Sealed seal(String plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        PersonalDataKeys keys = keySource.get();
        int keyId = keys.activeKeyId();
        SecretKey key = Objects.requireNonNull(keys.key(keyId));
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        byte[] header = header(keyId);
        byte[] plain = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            byte[] sealed = new byte[HEADER + NONCE + cipher.getOutputSize(plain.length)];
            System.arraycopy(header, 0, sealed, 0, HEADER);
            System.arraycopy(nonce, 0, sealed, HEADER, NONCE);
            int written = cipher.doFinal(plain, 0, plain.length, sealed, HEADER + NONCE);
            if (written != sealed.length - HEADER - NONCE) sealed = Arrays.copyOf(sealed, HEADER + NONCE + written);
            return new Sealed(keyId, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts a value stored with its key id.
     *
     * @throws PersonalDataUnreadable when the key id is not configured, the bytes were changed, or they
     *                                are not a ciphertext of this format under this key id
     */
    public String open(int keyId, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < OVERHEAD || bytes[0] != AES_GCM) {
            throw new PersonalDataUnreadable(keyId, "个人信息密文格式无法识别（密钥编号 " + keyId + "） / unknown ciphertext format (key id " + keyId + ")");
        }
        int stored = ByteBuffer.wrap(bytes, 1, 4).getInt();
        if (stored != keyId) {
            throw new PersonalDataUnreadable(keyId, "密文中的密钥编号 " + stored + " 与所存的密钥编号 " + keyId + " 不一致"
                    + " / ciphertext says key id " + stored + ", stored key id is " + keyId);
        }
        SecretKey key = keySource.get().key(keyId);
        if (key == null) {
            throw new PersonalDataUnreadable(keyId, "密钥编号 " + keyId + " 未配置，无法解密个人信息（密钥轮换完成前不可删除旧密钥）"
                    + " / key id " + keyId + " is not configured (keep old keys until the rotation has finished)");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, HEADER, NONCE));
            cipher.updateAAD(bytes, 0, HEADER);
            byte[] plain = cipher.doFinal(bytes, HEADER + NONCE, bytes.length - HEADER - NONCE);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new PersonalDataUnreadable(keyId, "个人信息密文已被改动或与密钥 " + keyId + " 不符"
                    + " / ciphertext was altered or does not belong to key id " + keyId, e);
        } catch (GeneralSecurityException e) {
            throw new PersonalDataUnreadable(keyId, "个人信息无法解密（密钥编号 " + keyId + "） / cannot decrypt (key id " + keyId + ")", e);
        }
    }

    /**
     * The blind index of a normalised value (e.g. the ID as {@link ChineseIds#check} returns it):
     * HMAC-SHA-256 under the index key, 32 bytes. Equal inputs give equal indexes, under this index key
     * only; without the key the index reveals nothing, and it cannot be searched by prefix.
     */
    public byte[] blindIndex(String normalised) {
        Objects.requireNonNull(normalised, "normalised");
        try {
            SecretKey indexKey = keySource.get().indexKey();
            IndexMac cached = MACS.get();
            if (cached == null || cached.key != indexKey) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(indexKey);
                cached = new IndexMac(indexKey, mac);
                MACS.set(cached);
            }
            // doFinal leaves the Mac initialised with the same key, ready for the next value
            return cached.mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
    }

    /** Whether a value stored under this key id can be opened here. */
    public boolean hasKey(int keyId) {
        return keySource.get().key(keyId) != null;
    }

    private record IndexMac(SecretKey key, Mac mac) {}

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static byte[] header(int keyId) {
        return ByteBuffer.allocate(HEADER).put(AES_GCM).putInt(keyId).array();
    }
}
