package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.xiezuo.support.PostgresTest;

/**
 * The binary COPY rows the import writes ({@link CopyBinary}) read back on PostgreSQL exactly as the
 * values were: numerics of every shape (zero, negative, fractions only, many digits, trailing zeros,
 * the scale kept), dates before and after 2000-01-01, a timestamp to the microsecond, texts beyond
 * ASCII (CJK, a surrogate pair, the characters the text format escapes), bytea, nulls of every type.
 */
@PostgresTest
class CopyBinaryPostgresTests {

    @Autowired DataSource dataSource;

    @Test
    void everyValueReadsBackAsWritten() throws Exception {
        List<BigDecimal> numbers = List.of(new BigDecimal("0"), new BigDecimal("0.0000"), new BigDecimal("1"),
                new BigDecimal("-1"), new BigDecimal("0.5"), new BigDecimal("12345.6700"), new BigDecimal("-0.0001"),
                new BigDecimal("10000"), new BigDecimal("100000000.0001"), new BigDecimal("123456789012345678901234.1234"),
                new BigDecimal("99999999"), new BigDecimal("1E+5"), new BigDecimal("0.0100"));
        LocalDate[] dates = {LocalDate.of(1999, 12, 31), LocalDate.of(2000, 1, 1), LocalDate.of(2021, 3, 1), LocalDate.of(1970, 1, 1)};
        Instant at = Instant.parse("2026-11-29T13:43:46.123456Z");
        String[] texts = {"plain", "张三 浙江省", "😀 surrogate", "tab\tline\nback\\slash \\N", ""};
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create temporary table copy_binary (n int4, amount numeric(28, 4), day date, at timestamptz, "
                    + "t varchar(100), b bytea, flag bool, big int8)");
            CopyBinary copy = new CopyBinary(16);
            for (int i = 0; i < numbers.size(); i++) {
                copy.row(8).int4(i).numeric(numbers.get(i)).date(dates[i % dates.length]).timestamp(at)
                        .text(texts[i % texts.length]).bytes(new byte[] {(byte) i, (byte) 0xFF, 0, '\\'})
                        .bool(i % 2 == 0).int8(i == 3 ? null : (Long) (Long.MAX_VALUE - i));
            }
            copy.row(8).int4(numbers.size()).numeric(null).date(null).nul().text(null).bytes(null).bool(null).int4(null);
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy copy_binary from stdin (format binary)", new ByteArrayInputStream(copy.take()));

            try (ResultSet rs = statement.executeQuery("select n, amount, day, at, t, b, flag, big from copy_binary order by n")) {
                List<Integer> seen = new ArrayList<>();
                while (rs.next()) {
                    int i = rs.getInt(1);
                    seen.add(i);
                    if (i == numbers.size()) {
                        for (int c = 2; c <= 8; c++) assertThat(rs.getObject(c)).as("column %d", c).isNull();
                        continue;
                    }
                    assertThat(rs.getBigDecimal(2)).as("numeric %s", numbers.get(i)).isEqualByComparingTo(numbers.get(i));
                    assertThat(rs.getString(2)).isEqualTo(numbers.get(i).setScale(4).toPlainString());
                    assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(dates[i % dates.length]);
                    assertThat(rs.getObject(4, java.time.OffsetDateTime.class).toInstant()).isEqualTo(at);
                    assertThat(rs.getString(5)).isEqualTo(texts[i % texts.length]);
                    assertThat(rs.getBytes(6)).containsExactly((byte) i, (byte) 0xFF, 0, '\\');
                    assertThat(rs.getBoolean(7)).isEqualTo(i % 2 == 0);
                    if (i == 3) assertThat(rs.getObject(8)).isNull(); else assertThat(rs.getLong(8)).isEqualTo(Long.MAX_VALUE - i);
                }
                assertThat(seen).hasSize(numbers.size() + 1);
            }
        }
    }

    @Test
    void theScaleOfANumericIsKeptWhereTheColumnHasNone() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create temporary table copy_scale (amount numeric)");
            CopyBinary copy = new CopyBinary(16);
            for (String v : List.of("1.50", "-20000.0001", "0.000", "7")) copy.row(1).numeric(new BigDecimal(v));
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy copy_scale from stdin (format binary)", new ByteArrayInputStream(copy.take()));
            List<String> back = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("select amount::text from copy_scale")) {
                while (rs.next()) back.add(rs.getString(1));
            }
            assertThat(back).containsExactly("1.50", "-20000.0001", "0.000", "7");
        }
    }
}
