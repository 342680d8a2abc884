package org.xiezuo.ledger.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.xiezuo.XiezuoApplication;
import org.xiezuo.ledger.personal.PersonalData.Sealed;
import org.xiezuo.ledger.personal.PersonalDataSettings.Generate;

/**
 * Encryption at rest (SECURITY.md §3 control 2, T52/T53 groundwork): AES-GCM round trip with a fresh
 * nonce per value, tampering and unknown keys refused, the blind index, key configuration from
 * properties and environment variables, the generated key file, and the production profile refusing to
 * start without keys.
 */
class PersonalDataTests {

    static final String ID = "110101199003072316";

    static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static final String K1 = key();
    static final String K2 = key();
    static final String INDEX = key();

    static PersonalData data(Map<Integer, String> keys, int active, String indexKey) {
        return new PersonalData(PersonalDataKeys.configured(PersonalDataSettings.configured(keys, active, indexKey)));
    }

    final PersonalData data = data(Map.of(1, K1), 1, INDEX);

    @Test
    void aSealedValueOpensToTheSameText() {
        for (String value : List.of(ID, "13812345678", "阿依古丽·买买提", "")) {
            Sealed sealed = data.seal(value);
            assertThat(sealed.keyId()).isEqualTo(1);
            assertThat(sealed.bytes()).hasSize(value.getBytes(StandardCharsets.UTF_8).length + PersonalData.OVERHEAD);
            assertThat(data.open(sealed.keyId(), sealed.bytes())).isEqualTo(value);
        }
    }

    @Test
    void equalPlaintextsGiveDifferentCiphertextsThatHoldNoPlaintext() {
        Sealed a = data.seal(ID);
        Sealed b = data.seal(ID);

        assertThat(a.bytes()).isNotEqualTo(b.bytes());
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain(ID).doesNotContain("19900307");
        assertThat(a.toString()).doesNotContain(ID);
    }

    @Test
    void theLayoutIsFormatKeyIdNonceCiphertextTag() {
        PersonalData three = data(Map.of(3, K1), 3, INDEX);
        byte[] bytes = three.seal(ID).bytes();

        assertThat(bytes[0]).as("format AES-256-GCM").isEqualTo((byte) 1);
        assertThat(new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]}).as("key id big-endian").containsExactly(0, 0, 0, 3);
        assertThat(bytes).hasSize(1 + 4 + 12 + ID.length() + 16);
    }

    @Test
    void anyChangedByteIsDetected() {
        byte[] sealed = data.seal(ID).bytes();
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> data.open(1, tampered)).as("byte " + at).isInstanceOf(PersonalDataUnreadable.class)
                    .hasMessageNotContaining(ID);
        }
        assertThatThrownBy(() -> data.open(1, java.util.Arrays.copyOf(sealed, sealed.length - 1)))
                .isInstanceOf(PersonalDataUnreadable.class).hasMessageContaining("改动");
        assertThatThrownBy(() -> data.open(1, new byte[10])).isInstanceOf(PersonalDataUnreadable.class)
                .hasMessageContaining("格式");
    }

    @Test
    void anUnknownKeyIdOrAnotherKeyIsRefusedClearly() {
        Sealed sealed = data.seal(ID);
        PersonalData other = data(Map.of(1, K2), 1, INDEX);
        PersonalData onlyTwo = data(Map.of(2, K2), 2, INDEX);

        assertThatThrownBy(() -> other.open(1, sealed.bytes())).isInstanceOf(PersonalDataUnreadable.class)
                .hasMessageContaining("与密钥 1 不符");
        assertThatThrownBy(() -> data.open(2, sealed.bytes())).as("stored key id differs from the one inside")
                .isInstanceOf(PersonalDataUnreadable.class).hasMessageContaining("不一致");
        assertThatThrownBy(() -> onlyTwo.open(1, sealed.bytes())).isInstanceOf(PersonalDataUnreadable.class)
                .hasMessageContaining("密钥编号 1 未配置").hasMessageContaining("key id 1 is not configured")
                .satisfies(e -> assertThat(((PersonalDataUnreadable) e).keyId()).isEqualTo(1));
        assertThat(onlyTwo.hasKey(1)).isFalse();
    }

    @Test
    void valuesUnderAnOldKeyStillOpenAfterANewKeyBecomesActive() {
        Sealed old = data.seal(ID);
        PersonalData both = data(Map.of(1, K1, 2, K2), 2, INDEX);

        Sealed fresh = both.seal(ID);
        assertThat(fresh.keyId()).isEqualTo(2);
        assertThat(both.activeKeyId()).isEqualTo(2);
        assertThat(both.open(old.keyId(), old.bytes())).isEqualTo(ID);
        assertThat(both.open(fresh.keyId(), fresh.bytes())).isEqualTo(ID);
    }

    @Test
    void theBlindIndexIsStableAndDependsOnTheIndexKeyOnly() {
        byte[] index = data.blindIndex(ID);

        assertThat(index).hasSize(32).isEqualTo(data.blindIndex(ID));
        assertThat(data(Map.of(1, K2), 1, INDEX).blindIndex(ID)).as("same index key, other encryption key").isEqualTo(index);
        assertThat(data(Map.of(1, K1), 1, K2).blindIndex(ID)).as("other index key").isNotEqualTo(index);
        assertThat(data.blindIndex("110101199003072324")).isNotEqualTo(index);
        assertThat(new String(index, StandardCharsets.ISO_8859_1)).doesNotContain("110101");
    }

    @Test
    void misconfiguredKeysAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, "c2hvcnQ="), 1, INDEX)))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("keys.1 应为32字节");
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, "not base64!"), 1, INDEX)))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("不是 base64");
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, K1), 2, INDEX)))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("active-key=2");
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, K1, 2, K2), null, INDEX)))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("active-key");
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, K1), 1, "")))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("index-key");
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, K1), 1, K1)))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("不能与加密密钥相同");
        assertThatThrownBy(() -> PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(0, K1), 0, INDEX)))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("正整数");
        for (Throwable e : List.of(catchRefusal(Map.of(1, K1), 1, K1), catchRefusal(Map.of(1, K1), 3, INDEX))) {
            assertThat(e.getMessage()).doesNotContain(K1).doesNotContain(INDEX);
        }
        assertThat(PersonalDataSettings.configured(Map.of(1, K1), 1, INDEX).toString()).doesNotContain(K1).doesNotContain(INDEX);
        assertThat(PersonalDataKeys.configured(PersonalDataSettings.configured(Map.of(1, K1), null, INDEX)).activeKeyId())
                .as("a single key is the active one").isEqualTo(1);
    }

    private static Throwable catchRefusal(Map<Integer, String> keys, Integer active, String index) {
        try {
            PersonalDataKeys.configured(PersonalDataSettings.configured(keys, active, index));
            throw new AssertionError("not refused");
        } catch (PersonalDataRefused e) {
            return e;
        }
    }

    /** The environment of a started application whose process has these variables and these profiles. */
    static StandardEnvironment environment(Map<String, Object> variables, String... profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.setActiveProfiles(profiles);
        new PersonalDataEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void environmentVariablesConfigureTheKeys() {
        Map<String, Object> env = new HashMap<>();
        env.put("XIEZUO_PERSONAL_DATA_KEYS_1", K1);
        env.put("XIEZUO_PERSONAL_DATA_KEYS_2", K2);
        env.put("XIEZUO_PERSONAL_DATA_ACTIVE_KEY", "2");
        env.put("XIEZUO_PERSONAL_DATA_INDEX_KEY", INDEX);
        env.put("XIEZUO_PERSONAL_DATA_ROTATION_CHUNK_SIZE", "200");

        StandardEnvironment environment = environment(env, "prod");
        PersonalDataSettings settings = Binder.get(environment).bind("xiezuo.personal-data", PersonalDataSettings.class).get();

        assertThat(settings.keys()).containsOnlyKeys(1, 2).containsEntry(1, K1).containsEntry(2, K2);
        assertThat(settings.activeKey()).isEqualTo(2);
        assertThat(settings.indexKey()).isEqualTo(INDEX);
        assertThat(settings.rotationChunkSize()).isEqualTo(200);
        assertThat(settings.generate()).isEqualTo(Generate.FILE);
        PersonalDataKeys keys = PersonalDataKeys.load(settings, true, Path.of("unused"));
        assertThat(keys.keyIds()).containsExactly(1, 2);
        assertThat(keys.activeKeyId()).isEqualTo(2);
        assertThat(keys.source()).isEqualTo("configuration");
    }

    @Test
    void springsOwnVariableNamesWorkToo() {
        Map<String, Object> env = new HashMap<>();
        env.put("XIEZUO_PERSONALDATA_KEYS_7", K1);
        env.put("XIEZUO_PERSONALDATA_ACTIVEKEY", "7");
        env.put("XIEZUO_PERSONALDATA_INDEXKEY", INDEX);

        PersonalDataSettings settings = Binder.get(environment(env, "prod")).bind("xiezuo.personal-data", PersonalDataSettings.class).get();

        assertThat(settings.keys()).containsOnlyKeys(7);
        assertThat(settings.activeKey()).isEqualTo(7);
        assertThat(settings.indexKey()).isEqualTo(INDEX);
    }

    @Test
    void theEnvironmentCheckRefusesProductionWithoutKeysOnly() {
        assertThatThrownBy(() -> environment(Map.of("XIEZUO_OTHER", "x"), "prod")).isInstanceOf(PersonalDataRefused.class);
        assertThat(environment(Map.of("XIEZUO_OTHER", "x"), "dev").getPropertySources().contains(PersonalDataEnvironment.SOURCE)).isFalse();
        assertThat(environment(Map.of("XIEZUO_PERSONAL_DATA_KEYS_1", K1), "prod").getProperty("xiezuo.personal-data.keys.1"))
                .as("keys alone pass here; the bean then asks for the index key").isEqualTo(K1);
    }

    @Test
    void withoutKeysOutsideProductionAKeyFileIsGeneratedAtFirstUseOwnerOnlyAndKeptForTheNextStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/personal-data.keys");

        PersonalData first = new PersonalData(PersonalDataKeys.loader(PersonalDataSettings.generated(Generate.FILE, null), false, file));
        assertThat(file).as("nothing is generated before personal data is first used").doesNotExist();
        Sealed sealed = first.seal(ID);
        assertThat(file).exists();
        PersonalData again = new PersonalData(PersonalDataKeys.load(PersonalDataSettings.generated(Generate.FILE, file), false,
                dir.resolve("elsewhere")));

        assertThat(file).exists();
        assertThat(again.open(sealed.keyId(), sealed.bytes())).isEqualTo(ID);
        assertThat(again.blindIndex(ID)).isEqualTo(first.blindIndex(ID));
        String text = Files.readString(file);
        assertThat(text).contains("keys.1=", "active-key=1", "index-key=").doesNotContain("\\=");
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            assertThat(PosixFilePermissions.toString(posix.readAttributes().permissions())).isEqualTo("rw-------");
        }
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).as("no temporary file left").containsExactly(file);
        }
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void aKeyFileWithSeveralKeysWorksLikeTheConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("personal-data.keys");
        Files.writeString(file, "keys.1=" + K1 + "\nkeys.2=" + K2 + "\nactive-key=2\nindex-key=" + INDEX + "\n");

        PersonalDataKeys keys = PersonalDataKeys.load(PersonalDataSettings.generated(Generate.FILE, file), false, file);

        assertThat(keys.keyIds()).containsExactly(1, 2);
        assertThat(keys.activeKeyId()).isEqualTo(2);
        assertThat(keys.source()).isEqualTo("file " + file.toAbsolutePath().normalize());
        Files.writeString(file, "keys.1=" + K1 + "\n");
        assertThatThrownBy(() -> PersonalDataKeys.load(PersonalDataSettings.generated(Generate.FILE, file), false, file))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("index-key").hasMessageNotContaining(K1);
    }

    @Test
    void inMemoryKeysAreFreshEachTime() {
        PersonalData one = new PersonalData(PersonalDataKeys.load(PersonalDataSettings.generated(Generate.MEMORY, null), false,
                Path.of("target/never-written.keys")));
        PersonalData two = new PersonalData(PersonalDataKeys.generateInMemory());

        assertThat(one.blindIndex(ID)).isNotEqualTo(two.blindIndex(ID));
        assertThat(Path.of("target/never-written.keys")).doesNotExist();
    }

    @Test
    void productionWithoutKeysIsRefusedAndNothingIsGenerated(@TempDir Path dir) {
        Path file = dir.resolve("personal-data.keys");
        assertThatThrownBy(() -> PersonalDataKeys.load(PersonalDataSettings.generated(Generate.FILE, file), true, file))
                .isInstanceOf(PersonalDataRefused.class).hasMessageContaining("生产配置（prod）缺少个人信息加密密钥");
        assertThat(file).doesNotExist();
    }

    @Test
    void theProductionProfileRefusesToStartWithoutKeys(@TempDir Path dir) {
        SpringApplicationBuilder prod = new SpringApplicationBuilder(XiezuoApplication.class).profiles("prod");

        assertThatThrownBy(() -> prod.run("--spring.datasource.url=jdbc:h2:mem:no-keys", "--xiezuo.allow-embedded-database=true",
                "--xiezuo.data-dir=" + dir, "--server.port=0", "--spring.main.banner-mode=off").close())
                .isInstanceOf(PersonalDataRefused.class)
                .hasMessageContaining("生产配置（prod）缺少个人信息加密密钥")
                .hasMessageContaining("XIEZUO_PERSONAL_DATA_KEYS_1")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageContaining("The prod profile refuses to start without personal-data keys");
        assertThat(dir.resolve("personal-data.keys")).doesNotExist();
    }

    @Test
    void theFailureAnalyzerSaysWhatToConfigure() {
        var analysis = new PersonalDataRefused.Analyzer().analyze(PersonalDataRefused.missingInProduction());
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("生产配置（prod）");
        assertThat(analysis.getAction()).contains("XIEZUO_PERSONAL_DATA_KEYS_<id>", "openssl rand -base64 32");
    }
}
