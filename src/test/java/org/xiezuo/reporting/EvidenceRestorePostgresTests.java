package org.xiezuo.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.shared.Actor;
import org.xiezuo.support.BusyDistrict;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.support.ForkedCommand;
import org.xiezuo.support.Instances;
import org.xiezuo.support.PgTools;
import org.xiezuo.support.PgTools.Scratch;
import org.xiezuo.support.PostgresSchema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SECURITY.md T69 with the evidence in a folder ({@code xiezuo.reporting.evidence.folder}) and the backup
 * procedure of docs/deploy.md: the folder is mirrored without deletions (rsync -a without --delete), the
 * database dumped, and the mirror brought up to date after the dump — while reporters upload and delete.
 * Restored together, every evidence row finds its file with the size and SHA-256 taken at upload; the
 * sweeper ({@link EvidenceSweeper}, {@code evidence-check}) lists the files the restored rows do not know,
 * finds files that went missing or changed, and removes only unreferenced entries past the grace period,
 * audited, never a referenced file and never a file the application did not write.
 */
@ExternalResource(ExternalResource.Kind.POSTGRESQL_TOOLS)
class EvidenceRestorePostgresTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void T69_restoredFromTheSamePointEveryReferenceResolvesWithItsSha256AndTheSweeperListsOrphansBothWays() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "t69-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath());
        Path live = work.resolve("live-evidence");
        Path mirror = Files.createDirectories(work.resolve("backup/evidence"));
        Path dump = work.resolve("backup/xiezuo.dump");
        Path restoredFolder = work.resolve("restored-evidence");
        Instances.Escrow escrow = Instances.Escrow.generate(3);
        try (Scratch source = Scratch.create("t69_src"); Scratch restored = Scratch.create("t69_dst")) {
            String uploadedAfterDump;
            String deletedAfterDump;
            String partFile = EvidenceStore.randomKey() + ".part";
            try (ConfigurableApplicationContext app = Instances.start(source.url(), false, List.of("test"),
                    concat(escrow.args(), "--xiezuo.reporting.evidence.folder=" + live))) {
                BusyDistrict district = BusyDistrict.populate(app, "佐证恢复演练区", 10);
                long august = district.periods.get(7).id();
                EvidenceFiles.Stored kept = district.upload(august, "八月会议纪要.pdf", EvidenceSamples.pdf("August"));
                EvidenceFiles.Stored doomed = district.upload(august, "八月照片.png", EvidenceSamples.png());
                // an upload that died between its part file and the move leaves <key>.part behind
                Files.write(live.resolve(partFile), EvidenceSamples.pdf("interrupted"));
                Files.setLastModifiedTime(live.resolve(partFile), FileTime.from(Instant.now().minus(Duration.ofDays(2))));

                mirror(live, mirror);                                                     // the nightly file sync
                EvidenceFiles.Stored late = district.upload(august, "晚到的佐证.pdf", EvidenceSamples.pdf("late"));
                PgTools.Result dumped = PgTools.run("pg_dump", "-Fc", "-f", dump.toString(), source.name());
                assertThat(dumped.ok()).as(dumped.err()).isTrue();
                // after the dump, before the sync: one file deleted, one uploaded
                deletedAfterDump = keyOf(app, doomed.id());
                app.getBean(EvidenceFiles.class).delete(district.reporter, doomed.id());
                EvidenceFiles.Stored after = district.upload(august, "转储后上传.pdf", EvidenceSamples.pdf("after"));
                uploadedAfterDump = keyOf(app, after.id());
                assertThat(live.resolve(deletedAfterDump)).doesNotExist();
                mirror(live, mirror);                                                     // the sync after the dump
                assertThat(kept.id()).isPositive();
                assertThat(late.id()).isPositive();
            }

            // restore both from the backup
            PgTools.Result restore = PgTools.run("pg_restore", "--single-transaction", "--exit-on-error", "-d", restored.name(),
                    dump.toString());
            assertThat(restore.ok()).as(restore.err()).isTrue();
            mirror(mirror, Files.createDirectories(restoredFolder));
            Files.writeString(restoredFolder.resolve("README.txt"), "不是应用写入的文件");

            String[] restoredArgs = concat(escrow.args(), "--xiezuo.reporting.evidence.folder=" + restoredFolder);
            try (ConfigurableApplicationContext app = Instances.start(restored.url(), false, List.of("test"), restoredArgs)) {
                JdbcClient jdbc = app.getBean(JdbcClient.class);
                EvidenceSweeper sweeper = app.getBean(EvidenceSweeper.class);
                Actor operator = Actor.cli("t69");
                List<Row> rows = jdbc.sql("select id, storage_key, size_bytes, sha256 from reporting_evidence order by id")
                        .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4))).list();
                assertThat(rows).hasSize(5).extracting(Row::key).contains(deletedAfterDump).doesNotContain(uploadedAfterDump);

                // every reference resolves, byte for byte as uploaded — checked here independently of the application
                for (Row row : rows) {
                    byte[] bytes = Files.readAllBytes(restoredFolder.resolve(row.key()));
                    assertThat(bytes.length).as(row.key()).isEqualTo(row.size());
                    assertThat(sha256(bytes)).as(row.key()).isEqualTo(row.sha256());
                    assertThat(app.getBean(EvidenceFiles.class).download(Actor.system(), row.id()).content()).isEqualTo(bytes);
                }

                EvidenceSweeper.Report report = sweeper.check(operator);
                assertThat(report.consistent()).isTrue();
                assertThat(report.references()).isEqualTo(5);
                assertThat(report.verified()).isEqualTo(5);
                assertThat(report.missing()).isEmpty();
                assertThat(report.mismatched()).isEmpty();
                assertThat(kinds(report)).isEqualTo(Map.of(uploadedAfterDump, "object", partFile, "part", "README.txt", "foreign"));
                assertThat(report.removed()).isZero();

                // the command line says the same (exit code 0), reading the same database and folder
                ForkedCommand check = ForkedCommand.run(cli(restored, restoredFolder, "evidence-check"));
                assertThat(check.exitCode()).as(check.err()).isZero();
                JsonNode checked = JSON.readTree(check.out());
                assertThat(checked.get("consistent").asBoolean()).isTrue();
                assertThat(checked.get("verified").asInt()).isEqualTo(5);
                assertThat(checked.get("unreferenced")).hasSize(3);

                // a sweep with a grace period removes only what is unreferenced and older than it, and audits it
                EvidenceSweeper.Report swept = sweeper.sweep(operator, Duration.ofHours(1));
                assertThat(swept.unreferenced()).filteredOn(EvidenceSweeper.Unreferenced::removed)
                        .extracting(EvidenceSweeper.Unreferenced::name).containsExactly(partFile);
                assertThat(restoredFolder.resolve(partFile)).doesNotExist();
                assertThat(restoredFolder.resolve(uploadedAfterDump)).as("younger than the grace period").exists();
                assertThat(jdbc.sql("select detail from audit_event where event_type = 'EVIDENCE_SWEPT' and actor = 'cli:t69'")
                        .query(String.class).list()).singleElement().asString().contains(partFile).contains("1 项");

                // files gone or changed behind the application's back are found
                Row changed = rows.get(0);
                Row lost = rows.get(1);
                Files.write(restoredFolder.resolve(changed.key()), EvidenceSamples.pdf("forged"));
                Files.delete(restoredFolder.resolve(lost.key()));
                EvidenceSweeper.Report broken = sweeper.check(operator);
                assertThat(broken.consistent()).isFalse();
                assertThat(broken.missing()).singleElement().satisfies(m -> {
                    assertThat(m.storageKey()).isEqualTo(lost.key());
                    assertThat(m.evidenceIds()).containsExactly(lost.id());
                });
                assertThat(broken.mismatched()).singleElement().satisfies(m -> {
                    assertThat(m.storageKey()).isEqualTo(changed.key());
                    assertThat(m.expectedSha256()).isEqualTo(changed.sha256());
                    assertThat(m.actualSha256()).isNotEqualTo(changed.sha256());
                });
                assertThat(broken.verified()).isEqualTo(3);

                // the command line's sweep with no grace: exit code 3 for the broken references, the unreferenced
                // object removed, every referenced file (the changed one too) and the stranger left alone
                ForkedCommand sweep = ForkedCommand.run(cli(restored, restoredFolder, "evidence-check", "--delete-unreferenced",
                        "--older-than", "0s"));
                assertThat(sweep.exitCode()).as(sweep.err()).isEqualTo(3);
                assertThat(sweep.err()).contains("1 个引用找不到文件").contains("1 个文件的大小或 SHA-256 与上传时不符");
                JsonNode sweptJson = JSON.readTree(sweep.out());
                assertThat(sweptJson.get("removed").asInt()).isEqualTo(1);
                assertThat(sweptJson.get("missing").get(0).get("storageKey").asString()).isEqualTo(lost.key());
                assertThat(restoredFolder.resolve(uploadedAfterDump)).doesNotExist();
                assertThat(restoredFolder.resolve("README.txt")).exists();
                for (Row row : rows) {
                    if (row != lost) assertThat(restoredFolder.resolve(row.key())).as("referenced " + row.key()).exists();
                }
                assertThat(jdbc.sql("select detail from audit_event where event_type = 'EVIDENCE_SWEPT' and actor like 'cli:%' "
                        + "and actor <> 'cli:t69'").query(String.class).list()).singleElement().asString().contains(uploadedAfterDump);
            }
        }
    }

    private record Row(long id, String key, long size, String sha256) {}

    private static String keyOf(ConfigurableApplicationContext app, long evidenceId) {
        return app.getBean(JdbcClient.class).sql("select storage_key from reporting_evidence where id = :id").param("id", evidenceId)
                .query(String.class).single();
    }

    private static Map<String, String> kinds(EvidenceSweeper.Report report) {
        return report.unreferenced().stream().collect(Collectors.toMap(EvidenceSweeper.Unreferenced::name, EvidenceSweeper.Unreferenced::kind));
    }

    /** Copies the files the target lacks, keeping their times, deleting nothing: {@code rsync -a} without {@code --delete}. */
    private static void mirror(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(file.getFileName().toString());
                if (Files.isRegularFile(file) && !Files.exists(target)) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String[] cli(Scratch database, Path folder, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + PostgresSchema.user(),
                "--spring.datasource.password=" + PostgresSchema.password(), "--xiezuo.reporting.evidence.folder=" + folder,
                "--xiezuo.data-dir=target/instances"));
        return args.toArray(String[]::new);
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
