package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.security.ScopeFixture;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Role;
import org.xiezuo.support.PostgresSchema;
import org.xiezuo.support.PostgresTest;

/**
 * T52 — encryption at rest on real PostgreSQL: after 100 workers are imported, neither the tables nor a
 * {@code pg_dump} of the schema hold any of their ID or phone numbers, nor any 18-digit ID-like run;
 * the same ID in two plans is stored under different ciphertexts; exact search by ID still finds the
 * person through the keyed hash.
 */
@PostgresTest
class PersonalDataAtRestPostgresTests {

    private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9a-fA-F])\\d{17}[\\dXx](?![0-9a-fA-F])");

    @Autowired DocumentImports documents;
    @Autowired PlanQueries planQueries;
    @Autowired LedgerImports imports;
    @Autowired LedgerQueries queries;
    @Autowired JdbcClient jdbc;
    @Value("${xiezuo.test.schema}") String schema;

    @Test
    void T52_noIdOrPhoneIsReadableInTheDatabaseOrItsDumpAndSearchStillWorks() throws Exception {
        EmploymentWorkbook book = LedgerContract.cleanOf(new EmploymentWorkbook(52, 100));
        ScopeFixture first = ScopeFixture.importFor(documents, planQueries, "加密测试区" + UUID.randomUUID().toString().substring(0, 6));
        ScopeFixture second = ScopeFixture.importFor(documents, planQueries, "加密测试乙区" + UUID.randomUUID().toString().substring(0, 6));
        Actor office = Actor.cli("test");
        java.nio.file.Path file = book.write("t52-" + UUID.randomUUID());
        imports.importFile(office, first.planId(), LedgerKind.EMPLOYMENT, file, "台账.xlsx", ImportMode.STRICT);
        imports.importFile(office, second.planId(), LedgerKind.EMPLOYMENT, file, "台账.xlsx", ImportMode.STRICT);

        Set<String> secrets = new HashSet<>();
        for (Object[] row : book.rows) {
            secrets.add((String) row[2]);
            if (row[3] != null) secrets.add((String) row[3]);
        }
        assertThat(secrets).hasSizeGreaterThan(100);

        String dump = pgDump();
        assertThat(dump).contains("ledger_person").contains("110***********");
        for (String secret : secrets) assertThat(dump).as("the dump holds no ID or phone").doesNotContain(secret);
        assertThat(ID_LIKE.matcher(dump).results().map(r -> r.group()).toList()).as("18-digit runs in the dump").isEmpty();

        List<String> cells = jdbc.sql("select concat_ws('|', id_mask, person_name, phone_mask, encode(id_cipher, 'escape')) from ledger_person")
                .query(String.class).list();
        for (String secret : secrets) assertThat(cells).noneMatch(c -> c.contains(secret));

        String someId = (String) book.rows.get(0)[2];
        byte[] hash = jdbc.sql("select id_hash from ledger_person where plan_id = :plan and id_mask = :mask")
                .param("plan", first.planId()).param("mask", someId.substring(0, 3) + "*".repeat(11) + someId.substring(14))
                .query(byte[].class).list().get(0);
        List<byte[]> ciphers = jdbc.sql("select id_cipher from ledger_person where id_hash = :hash").param("hash", hash)
                .query(byte[].class).list();
        assertThat(ciphers).hasSize(2);
        assertThat(ciphers.get(0)).isNotEqualTo(ciphers.get(1));

        LedgerQueries.Page<LedgerEntry> found = queries.list(office, first.planId(), LedgerKind.EMPLOYMENT,
                new LedgerQueries.Filter(null, null, null, null, null, null, someId), 0, 10);
        assertThat(found.items()).isNotEmpty().allSatisfy(e -> assertThat(e.idMask()).endsWith(someId.substring(14)));
    }

    private String pgDump() throws IOException, InterruptedException {
        URI uri = URI.create(PostgresSchema.url().substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        ProcessBuilder builder = new ProcessBuilder("pg_dump", "-h", uri.getHost(), "-p", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()),
                "-U", PostgresSchema.user(), "-n", schema, "--data-only", database);
        builder.environment().put("PGPASSWORD", PostgresSchema.password());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
