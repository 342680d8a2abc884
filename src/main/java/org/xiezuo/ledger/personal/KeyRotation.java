package org.xiezuo.ledger.personal;

import java.sql.Types;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-encrypts the personal data of ledger persons under the active key: every {@code id_cipher} and
 * {@code phone_cipher} whose key id ({@code id_key}, {@code phone_key}) is another one. Runs in chunks
 * of {@code xiezuo.personal-data.rotation-chunk-size} rows, each chunk in its own transaction, so a run
 * that is killed leaves every row whole — re-encrypted with the new key id, or untouched with the old
 * one — and a second run goes on where it stopped. Rows are taken with {@code for update skip locked}
 * (PostgreSQL and H2 2.2+ both know it): two instances rotating at once share the work instead of
 * waiting for each other, and an import holding a row is left for the next run.
 *
 * <p>Plaintexts exist only in memory between decrypting and encrypting one value; they are never
 * written to the database, a log or an exception message. The old keys must stay configured until a
 * run reports {@link RotationResult#finished()} (docs/personal-data.md).
 */
@Component
public class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private static final String PENDING = """
            select id, id_cipher, id_key, phone_cipher, phone_key from ledger_person
            where id_key <> :active or (phone_cipher is not null and phone_key <> :active)
            order by id
            limit :chunk
            for update skip locked
            """;
    private static final String REMAINING = """
            select count(*) from ledger_person
            where id_key <> :active or (phone_cipher is not null and phone_key <> :active)
            """;
    private static final String UPDATE = """
            update ledger_person
            set id_cipher = :idCipher, id_key = :idKey, phone_cipher = :phoneCipher, phone_key = :phoneKey,
                version = version + 1
            where id = :id
            """;

    private final PersonalData personalData;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final int chunkSize;

    @Autowired
    KeyRotation(PersonalData personalData, DataSource dataSource, PlatformTransactionManager transactionManager,
                PersonalDataSettings settings) {
        this(personalData, dataSource, transactionManager, settings.rotationChunkSize());
    }

    /** A rotation to the active key of {@code personalData}, {@code chunkSize} rows per transaction. */
    public KeyRotation(PersonalData personalData, DataSource dataSource, PlatformTransactionManager transactionManager,
                       int chunkSize) {
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1");
        this.personalData = personalData;
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.chunkSize = chunkSize;
    }

    /**
     * What one run did.
     *
     * @param activeKey the key id every value was moved to
     * @param chunks transactions committed
     * @param rows rows re-encrypted
     * @param values ciphertexts re-encrypted (an ID and a phone are two)
     * @param remaining rows still under another key when the run ended: left by a limited run, or
     *                  locked by somebody else meanwhile; a further run takes them
     */
    public record RotationResult(int activeKey, int chunks, long rows, long values, long remaining) {

        /** Every value is under the active key: the old keys may be removed from the configuration. */
        public boolean finished() {
            return remaining == 0;
        }
    }

    /** Re-encrypts everything that is not yet under the active key. */
    public RotationResult rotate() {
        return rotate(Integer.MAX_VALUE);
    }

    /**
     * Re-encrypts at most {@code maxChunks} chunks and stops, as a killed run would after them (and for
     * an operator who wants to spread the work).
     */
    public RotationResult rotate(int maxChunks) {
        int active = personalData.activeKeyId();
        int chunks = 0;
        long rows = 0;
        long values = 0;
        while (chunks < maxChunks) {
            Chunk chunk = transactions.execute(status -> rotateChunk(active));
            if (chunk == null || chunk.rows() == 0) break;
            chunks++;
            rows += chunk.rows();
            values += chunk.values();
        }
        long remaining = jdbc.sql(REMAINING).param("active", active).query(Long.class).single();
        RotationResult result = new RotationResult(active, chunks, rows, values, remaining);
        if (rows > 0 || remaining > 0) {
            log.info("个人信息密钥轮换：{} 行（{} 个密文）已改用密钥 {}，尚余 {} 行 / key rotation: {} rows ({} values) moved to key {}, {} left",
                    rows, values, active, remaining, rows, values, active, remaining);
        }
        return result;
    }

    private record Chunk(int rows, int values) {}

    private record Pending(long id, byte[] idCipher, int idKey, byte @Nullable [] phoneCipher, @Nullable Integer phoneKey) {}

    private Chunk rotateChunk(int active) {
        List<Pending> pending = jdbc.sql(PENDING).param("active", active).param("chunk", chunkSize)
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getBytes("id_cipher"), rs.getInt("id_key"),
                        rs.getBytes("phone_cipher"), rs.getObject("phone_key", Integer.class)))
                .list();
        int values = 0;
        for (Pending row : pending) {
            byte[] idCipher = row.idCipher();
            int idKey = row.idKey();
            if (idKey != active) {
                idCipher = reseal(row.id(), idKey, idCipher, "id_cipher");
                idKey = active;
                values++;
            }
            byte[] phoneCipher = row.phoneCipher();
            Integer phoneKey = row.phoneKey();
            if (phoneCipher != null && phoneKey != null && phoneKey != active) {
                phoneCipher = reseal(row.id(), phoneKey, phoneCipher, "phone_cipher");
                phoneKey = active;
                values++;
            }
            jdbc.sql(UPDATE).param("idCipher", idCipher, Types.VARBINARY).param("idKey", idKey)
                    .param("phoneCipher", phoneCipher, Types.VARBINARY).param("phoneKey", phoneKey, Types.INTEGER)
                    .param("id", row.id()).update();
        }
        return new Chunk(pending.size(), values);
    }

    private byte[] reseal(long rowId, int keyId, byte[] cipher, String column) {
        try {
            return personalData.seal(personalData.open(keyId, cipher)).bytes();
        } catch (PersonalDataUnreadable e) {
            throw new PersonalDataUnreadable(keyId, "密钥轮换中止：ledger_person 第 " + rowId + " 行的 " + column + " 无法解密；"
                    + "本批次已回滚，之前的批次已完成 / key rotation stopped: ledger_person " + rowId + " " + column
                    + " cannot be decrypted; this chunk was rolled back, earlier chunks are done", e);
        }
    }
}
