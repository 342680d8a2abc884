package org.xiezuo.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row count and content checksum of every table of a PostgreSQL schema, to compare a database with a
 * copy of it (restored dump, migrated schema). The checksum is the MD5 of the sorted MD5s of the rows'
 * text, so it does not depend on the physical order of the rows; text output is pinned (UTC, ISO dates,
 * hex bytea) so two sessions render the same row alike. Read in the connection's current transaction:
 * inside a repeatable-read transaction that imported or exported a snapshot, it describes exactly that
 * snapshot.
 */
public final class TableFingerprints {

    private TableFingerprints() {}

    /** One table: how many rows, and the checksum of their content. */
    public record Fingerprint(long rows, String checksum) {
        @Override
        public String toString() { return rows + " rows, " + checksum; }
    }

    /** Every base table of the schema, by name. */
    public static Map<String, Fingerprint> of(Connection connection, String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set time zone 'UTC'");
            statement.execute("set datestyle to 'ISO, YMD'");
            statement.execute("set intervalstyle to 'iso_8601'");
            statement.execute("set bytea_output to 'hex'");
            statement.execute("set extra_float_digits to 1");
        }
        Map<String, Fingerprint> tables = new TreeMap<>();
        for (String table : tables(connection, schema)) {
            String sql = "select count(*), coalesce(md5(string_agg(h, '' order by h)), '') from (select md5(t::text) as h from "
                    + quoted(schema) + "." + quoted(table) + " t) rows";
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                tables.put(table, new Fingerprint(rs.getLong(1), rs.getString(2)));
            }
        }
        return tables;
    }

    /** The base tables of the schema, sorted. */
    public static List<String> tables(Connection connection, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var statement = connection.prepareStatement("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and c.relkind in ('r', 'p') order by c.relname""")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Column names and types of a table, in order: tells a table a migration changed from one it left alone. */
    public static String columns(Connection connection, String schema, String table) throws SQLException {
        StringBuilder columns = new StringBuilder();
        try (var statement = connection.prepareStatement("""
                select a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
                from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped order by a.attnum""")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(rs.getBoolean(3) ? " not null" : "")
                            .append("; ");
                }
            }
        }
        return columns.toString();
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
