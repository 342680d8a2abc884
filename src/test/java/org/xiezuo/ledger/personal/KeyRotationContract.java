package org.xiezuo.ledger.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.ledger.personal.KeyRotation.RotationResult;
import org.xiezuo.ledger.personal.PersonalData.Sealed;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;

/**
 * SECURITY.md T53, key rotation: persons stored under key 1, key 2 made active, a re-encryption run
 * stopped halfway (after a chunk, and inside a chunk by a failure) — every row still opens with the key
 * id stored next to it, the next run finishes, nothing is written in plaintext. The application's own
 * {@link PersonalData} holds the test profile's key 1; the "restarted" instance with keys 1 and 2 is
 * built here from the same settings. Runs on H2 and PostgreSQL, each in a context (and database) of its
 * own: a rotation moves every row of the table to a key the other tests' application does not have.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class KeyRotationContract {

    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired DataSource dataSource;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired JdbcClient jdbc;
    @Autowired PersonalData personalData;
    @Autowired PersonalDataSettings settings;
    @Autowired KeyRotation configuredRotation;

    long planId;
    final List<Person> people = new ArrayList<>();
    static final String K2 = randomKey();
    /** Set by the subclasses' property: it also gives them a context, and so a database, of their own. */
    static final int CHUNK_SIZE = 4;

    record Person(long rowId, String id, @Nullable String phone, String name) {}

    static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @BeforeEach
    void aPlan() {
        planId = ScopeFixture.importFor(imports, planQueries, "密钥轮换测试区" + UUID.randomUUID().toString().substring(0, 6)).planId();
    }

    @AfterEach
    void removeThePersons() {
        jdbc.sql("delete from ledger_person where plan_id = :plan").param("plan", planId).update();
    }

    /** The application as it runs after a restart with {@code extra} keys added and {@code active} active. */
    PersonalData withKeys(int active, Map<Integer, String> extra) {
        Map<Integer, String> keys = new HashMap<>(settings.keys());
        keys.putAll(extra);
        return new PersonalData(PersonalDataKeys.configured(PersonalDataSettings.configured(keys, active, settings.indexKey())));
    }

    KeyRotation rotation(PersonalData data, int chunkSize) {
        return new KeyRotation(data, dataSource, transactionManager, chunkSize);
    }

    static String idNumber(int sequence) {
        String first17 = "51170219880715" + String.format("%03d", sequence);
        return first17 + ChineseIds.checkChar(first17);
    }

    /** Stores a person as an import would: ID and phone sealed by {@code data}, masks, blind index. */
    Person store(PersonalData data, int sequence, boolean withPhone) {
        String id = idNumber(sequence);
        String phone = withPhone ? "1390000" + String.format("%04d", sequence) : null;
        String name = "测试人" + "甲乙丙丁戊己庚辛壬癸".charAt(sequence % 10);
        Sealed idSealed = data.seal(id);
        Sealed phoneSealed = phone == null ? null : data.seal(phone);
        jdbc.sql("""
                insert into ledger_person (plan_id, id_hash, id_cipher, id_key, id_mask, person_name,
                    phone_cipher, phone_key, phone_mask, created_at)
                values (:plan, :hash, :idCipher, :idKey, :idMask, :name, :phoneCipher, :phoneKey, :phoneMask, :at)
                """)
                .param("plan", planId).param("hash", data.blindIndex(id)).param("idCipher", idSealed.bytes())
                .param("idKey", idSealed.keyId()).param("idMask", Masking.id(id)).param("name", name)
                .param("phoneCipher", phoneSealed == null ? null : phoneSealed.bytes(), Types.VARBINARY)
                .param("phoneKey", phoneSealed == null ? null : phoneSealed.keyId(), Types.INTEGER)
                .param("phoneMask", Masking.phone(phone), Types.VARCHAR)
                .param("at", OffsetDateTime.now()).update();
        long rowId = jdbc.sql("select id from ledger_person where plan_id = :plan and id_hash = :hash")
                .param("plan", planId).param("hash", data.blindIndex(id)).query(Long.class).single();
        Person person = new Person(rowId, id, phone, name);
        people.add(person);
        return person;
    }

    record Row(long rowId, byte[] idHash, byte[] idCipher, int idKey, String idMask, String name, byte @Nullable [] phoneCipher,
               @Nullable Integer phoneKey, @Nullable String phoneMask, int version) {}

    Row row(long rowId) {
        return jdbc.sql("select * from ledger_person where id = :id").param("id", rowId)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getBytes("id_hash"), rs.getBytes("id_cipher"), rs.getInt("id_key"),
                        rs.getString("id_mask"), rs.getString("person_name"), rs.getBytes("phone_cipher"),
                        rs.getObject("phone_key", Integer.class), rs.getString("phone_mask"), rs.getInt("version")))
                .single();
    }

    long pendingFor(int activeKey) {
        return jdbc.sql("select count(*) from ledger_person where id_key <> :k or (phone_cipher is not null and phone_key <> :k)")
                .param("k", activeKey).query(Long.class).single();
    }

    /** Every person opens with the key ids stored in its row, to the values it was stored with. */
    void assertEveryRowOpens(PersonalData data) {
        for (Person p : people) {
            Row row = row(p.rowId());
            assertThat(data.open(row.idKey(), row.idCipher())).as("ID of row " + p.rowId()).isEqualTo(p.id());
            if (p.phone() == null) {
                assertThat(row.phoneCipher()).isNull();
            } else {
                assertThat(data.open(row.phoneKey(), row.phoneCipher())).as("phone of row " + p.rowId()).isEqualTo(p.phone());
            }
        }
    }

    /** No column of any person holds an ID number or phone in plaintext, in UTF-8 or as digits in any 8-bit form. */
    void assertNoPlaintextStored() {
        List<Map<String, Object>> rows = jdbc.sql("select * from ledger_person where plan_id = :plan").param("plan", planId)
                .query().listOfRows();
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String text = column.getValue() instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                        : String.valueOf(column.getValue());
                for (Person p : people) {
                    assertThat(text).as(column.getKey()).doesNotContain(p.id()).doesNotContain(p.id().substring(6, 14));
                    if (p.phone() != null) assertThat(text).as(column.getKey()).doesNotContain(p.phone());
                }
            }
        }
    }

    void assertNoPlaintextIn(CapturedOutput output) {
        for (Person p : people) {
            assertThat(output.getAll()).doesNotContain(p.id());
            if (p.phone() != null) assertThat(output.getAll()).doesNotContain(p.phone());
        }
    }

    @Test
    void T53_aRunStoppedAfterOneChunkLeavesEveryRowReadableAndTheNextRunFinishes(CapturedOutput output) {
        for (int i = 1; i <= 9; i++) store(personalData, i, true);
        store(personalData, 10, false);
        Map<Long, Row> before = new HashMap<>();
        for (Person p : people) before.put(p.rowId(), row(p.rowId()));
        PersonalData restarted = withKeys(2, Map.of(2, K2));
        KeyRotation rotation = rotation(restarted, 3);
        long pending = pendingFor(2);
        assertThat(pending).as("the context's database holds this test's persons only").isEqualTo(10);

        RotationResult stopped = rotation.rotate(1);

        assertThat(stopped.activeKey()).isEqualTo(2);
        assertThat(stopped.chunks()).isEqualTo(1);
        assertThat(stopped.rows()).isEqualTo(3);
        assertThat(stopped.remaining()).isEqualTo(pending - 3);
        assertThat(stopped.finished()).isFalse();
        assertEveryRowOpens(restarted);
        List<Integer> keyIds = people.stream().map(p -> row(p.rowId()).idKey()).toList();
        assertThat(keyIds).containsExactly(2, 2, 2, 1, 1, 1, 1, 1, 1, 1);
        for (Person p : people) {
            Row row = row(p.rowId());
            if (row.idKey() == 1) {
                assertThat(personalData.open(row.idKey(), row.idCipher())).as("an instance not yet restarted reads untouched rows")
                        .isEqualTo(p.id());
            }
            if (row.phoneKey() != null) assertThat(row.phoneKey()).as("ID and phone move together").isEqualTo(row.idKey());
        }
        assertNoPlaintextStored();

        RotationResult resumed = rotation.rotate();

        assertThat(resumed.rows()).isEqualTo(pending - 3);
        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.remaining()).isZero();
        assertThat(people).allSatisfy(p -> {
            Row row = row(p.rowId());
            Row old = before.get(p.rowId());
            assertThat(row.idKey()).isEqualTo(2);
            assertThat(row.phoneKey()).isEqualTo(p.phone() == null ? null : 2);
            assertThat(row.idCipher()).isNotEqualTo(old.idCipher());
            assertThat(row.idHash()).as("the blind index does not change").isEqualTo(old.idHash());
            assertThat(List.of(row.idMask(), row.name(), String.valueOf(row.phoneMask())))
                    .isEqualTo(List.of(old.idMask(), old.name(), String.valueOf(old.phoneMask())));
            assertThat(row.version()).as("a changed row is a new version").isEqualTo(old.version() + 1);
        });
        assertEveryRowOpens(restarted);
        assertEveryRowOpens(withKeys(2, Map.of(2, K2)));
        assertNoPlaintextStored();

        RotationResult again = rotation.rotate();
        assertThat(again.chunks()).isZero();
        assertThat(again.rows()).isZero();
        assertThat(again.finished()).isTrue();
        assertThat(stopped.values()).isEqualTo(6);
        assertThat(resumed.values()).as("the person without a phone has one value").isEqualTo(13);
        assertNoPlaintextIn(output);
    }

    @Test
    void T53_aRunKilledInsideAChunkRollsTheChunkBackAndResumesOnceTheKeyIsThere(CapturedOutput output) {
        String k9 = randomKey();
        PersonalData nine = withKeys(9, Map.of(9, k9));
        for (int i = 1; i <= 4; i++) store(personalData, 20 + i, true);
        Person underNine = store(nine, 25, true);
        store(personalData, 26, true);
        PersonalData restarted = withKeys(2, Map.of(2, K2));
        KeyRotation rotation = rotation(restarted, 3);

        assertThatThrownBy(rotation::rotate).isInstanceOf(PersonalDataUnreadable.class)
                .hasMessageContaining("ledger_person 第 " + underNine.rowId() + " 行的 id_cipher 无法解密")
                .hasMessageContaining("本批次已回滚")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(underNine.id()));

        List<Integer> keyIds = people.stream().map(p -> row(p.rowId()).idKey()).toList();
        assertThat(keyIds).as("first chunk committed; in the second, the row before the failure rolled back")
                .containsExactly(2, 2, 2, 1, 9, 1);
        assertThat(row(people.get(3).rowId()).version()).isZero();
        PersonalData withNine = withKeys(2, Map.of(2, K2, 9, k9));
        assertEveryRowOpens(withNine);
        assertNoPlaintextStored();

        RotationResult resumed = rotation(withNine, 3).rotate();

        assertThat(resumed.finished()).isTrue();
        assertThat(people).allSatisfy(p -> assertThat(row(p.rowId()).idKey()).isEqualTo(2));
        assertEveryRowOpens(restarted);
        assertNoPlaintextIn(output);
    }

    @Test
    void T53_rowsLockedByAnotherTransactionAreLeftForTheNextRun() throws Exception {
        Person locked = store(personalData, 31, true);
        store(personalData, 32, true);
        PersonalData restarted = withKeys(2, Map.of(2, K2));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> new TransactionTemplate(transactionManager).executeWithoutResult(s -> {
            jdbc.sql("select id from ledger_person where id = :id for update").param("id", locked.rowId()).query(Long.class).single();
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            RotationResult around = rotation(restarted, 1).rotate();

            assertThat(row(locked.rowId()).idKey()).as("skipped, not waited for").isEqualTo(1);
            assertThat(around.finished()).isFalse();
            assertThat(around.remaining()).isGreaterThanOrEqualTo(1);
        } finally {
            release.countDown();
            other.get(30, TimeUnit.SECONDS);
        }
        assertThat(rotation(restarted, 1).rotate().finished()).isTrue();
        assertEveryRowOpens(restarted);
    }

    @Test
    void T53_theApplicationsRotationUsesTheConfiguredKeyAndChunkSize() {
        Person person = store(personalData, 41, true);

        RotationResult result = configuredRotation.rotate();

        assertThat(result.activeKey()).isEqualTo(personalData.activeKeyId()).isEqualTo(1);
        assertThat(result.rows()).as("already under the active key").isZero();
        assertThat(result.finished()).isTrue();
        assertThat(settings.rotationChunkSize()).as("from the test's property").isEqualTo(CHUNK_SIZE);
        assertThat(row(person.rowId()).idKey()).isEqualTo(1);
    }
}
