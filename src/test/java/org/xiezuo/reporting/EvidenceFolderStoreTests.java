package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.xiezuo.ledger.DepartmentReporting;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.reporting.Validation.LineKind;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.security.Sessions;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.XiezuoTest;

/**
 * Evidence kept in a configured folder ({@code xiezuo.reporting.evidence.folder}): files named by the
 * server's key with owner-only permissions, removed again when the transaction rolls back or the file
 * is deleted, checked against the SHA-256 on download — and SECURITY.md T70 with a real disk-full error:
 * the store's next key is fixed and its part file is a link to {@code /dev/full}, so the write fails
 * with ENOSPC from the operating system.
 */
@XiezuoTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "xiezuo.reporting.evidence.folder=target/evidence-folder-tests")
@Import(EvidenceFolderStoreTests.FixedKeys.class)
class EvidenceFolderStoreTests {

    static final Path FOLDER = Path.of("target", "evidence-folder-tests").toAbsolutePath();
    static final AtomicReference<String> NEXT_KEY = new AtomicReference<>();

    /** The application's folder store, except that a test may choose the next key. */
    @TestConfiguration
    static class FixedKeys {
        @Bean
        @Primary
        EvidenceStore keyedFolderStore() {
            return new FolderEvidenceStore(FOLDER, () -> {
                String key = NEXT_KEY.getAndSet(null);
                return key != null ? key : EvidenceStore.randomKey();
            });
        }
    }

    @Autowired org.xiezuo.ledger.Bindings bindings;
    @Autowired DocumentImports imports;
    @Autowired PlanQueries planQueries;
    @Autowired ReportingQueries queries;
    @Autowired EvidenceFiles evidence;
    @Autowired EvidenceStore store;
    @Autowired ApplicationContext context;
    @Autowired PlatformTransactionManager transactions;
    @Autowired AccountAdministration accounts;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    ScopeFixture district;
    long education;
    Actor reporter;
    long june;
    PlanBook.IndicatorRow schools;

    @BeforeEach
    void aPlan() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        district = ScopeFixture.importFor(imports, planQueries, "目录存储测试区" + tag);
        DepartmentReporting.only(bindings, district.planId()); // department reporting, not ledgers
        education = district.unit("区教育局");
        reporter = Actor.user("jy-" + tag, "教育局填报员", Set.of(Role.REPORTER), Set.of(education), Set.of(district.districtId()));
        june = queries.periods(Actor.system(), district.planId()).get(5).id();
        schools = district.book().indicators().stream().filter(i -> "3".equals(i.code())).findFirst().orElseThrow();
    }

    @AfterAll
    static void removeTheFolder() throws IOException {
        if (!Files.exists(FOLDER)) return;
        try (Stream<Path> files = Files.walk(FOLDER)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }

    EvidenceFiles.Stored upload(String name, byte[] content) {
        return evidence.upload(reporter, june, education, LineKind.INDICATOR, schools.id(), name, content.length,
                new ByteArrayResource(content));
    }

    String keyOf(long id) {
        return jdbc.sql("select storage_key from reporting_evidence where id = :id").param("id", id).query(String.class).single();
    }

    static List<String> folder() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theConfiguredFolderIsTheStoreAndFilesAreNamedByKeyReadableByTheApplicationOnly() throws IOException {
        assertThat(context.getBean("evidenceStore")).isInstanceOf(FolderEvidenceStore.class);
        byte[] pdf = EvidenceSamples.pdf("folder");

        EvidenceFiles.Stored stored = upload("..\\..\\结对协议.pdf", pdf);

        String key = keyOf(stored.id());
        Path file = FOLDER.resolve(key);
        assertThat(Files.readAllBytes(file)).isEqualTo(pdf);
        assertThat(folder()).contains(key).noneMatch(n -> n.endsWith(".part") || n.contains("协议"));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(jdbc.sql("select count(*) from reporting_evidence_content where storage_key = :k").param("k", key)
                .query(Long.class).single()).as("no copy in the database").isZero();
        assertThat(evidence.download(reporter, stored.id()).content()).isEqualTo(pdf);

        Files.write(file, EvidenceSamples.pdf("forged"));
        assertThatThrownBy(() -> evidence.download(reporter, stored.id())).hasMessageContaining("校验值与上传时不符");

        evidence.delete(reporter, stored.id());
        assertThat(file).doesNotExist();
    }

    @Test
    void aRolledBackTransactionTakesItsFileWithIt() throws IOException {
        String key = EvidenceStore.randomKey();
        NEXT_KEY.set(key);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            try {
                assertThat(store.write(EvidenceSamples.png())).isEqualTo(key);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            assertThat(FOLDER.resolve(key)).exists();
            status.setRollbackOnly();
        });
        assertThat(FOLDER.resolve(key)).doesNotExist();
    }

    @Test
    void T70_aFullDiskSaysSoAndLeavesNoRowNoReportAndNoFile() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full (Linux) for a real ENOSPC");
        long contentRows = jdbc.sql("select count(*) from reporting_evidence_content").query(Long.class).single();

        String key = EvidenceStore.randomKey();
        Path part = FOLDER.resolve(key + ".part");
        Files.createSymbolicLink(part, full);
        NEXT_KEY.set(key);
        assertThatThrownBy(() -> upload("现场照片.png", EvidenceSamples.png()))
                .isInstanceOf(EvidenceRefused.class).hasMessage("「现场照片.png」：存储空间不足，文件未保存")
                .extracting("reason").isEqualTo(EvidenceRefused.Reason.STORAGE);

        assertThat(Files.exists(part, LinkOption.NOFOLLOW_LINKS)).as("the part file is removed").isFalse();
        assertThat(FOLDER.resolve(key)).doesNotExist();
        assertThat(jdbc.sql("select count(*) from reporting_report where plan_id = :p").param("p", district.planId())
                .query(Long.class).single()).as("the report opened for the upload is rolled back too").isZero();
        assertThat(jdbc.sql("select count(*) from reporting_evidence where storage_key = :k").param("k", key).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from reporting_evidence_content").query(Long.class).single()).isEqualTo(contentRows);
        assertThat(jdbc.sql("select detail from audit_event where event_type = 'EVIDENCE_REFUSED' and actor = :a")
                .param("a", reporter.name()).query(String.class).single()).contains("存储空间不足");

        // on the page the reporter is sent back to the sheet with the message; the typed values are untouched
        Sessions.Signed signed = Sessions.create(mvc, accounts, "t70-" + reporter.name(), Set.of(Role.REPORTER), Set.of(education));
        String pageKey = EvidenceStore.randomKey();
        Files.createSymbolicLink(FOLDER.resolve(pageKey + ".part"), full);
        NEXT_KEY.set(pageKey);
        MvcResult page = mvc.perform(multipart("/periods/" + june + "/units/" + education + "/evidence")
                .file(new MockMultipartFile("file", "现场照片.png", "image/png", EvidenceSamples.png()))
                .param("indicator", String.valueOf(schools.id())).cookie(signed.cookie()).with(csrf())).andReturn();
        MockHttpServletResponse response = page.getResponse();
        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getRedirectedUrl()).isEqualTo("/periods/" + june + "/units/" + education + "#evidence-indicator-" + schools.id());
        assertThat(page.getFlashMap().get("error")).isEqualTo("「现场照片.png」：存储空间不足，文件未保存");
        assertThat(folder()).noneMatch(n -> n.startsWith(pageKey));

        // with space again the same file is stored
        assertThat(upload("现场照片.png", EvidenceSamples.png()).fileName()).isEqualTo("现场照片.png");
    }
}
