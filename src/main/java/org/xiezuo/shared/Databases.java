package org.xiezuo.shared;

import java.sql.DatabaseMetaData;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Which of the two supported databases (ADR 0003) a DataSource is: PostgreSQL, or the embedded H2.
 * Asked once per DataSource; the few places whose SQL differs (COPY and ANALYZE for ledgers, the audit
 * chain's lock wait, session upserts) ask here.
 */
public final class Databases {

    private static final Map<DataSource, Boolean> POSTGRES = Collections.synchronizedMap(new WeakHashMap<>());

    private Databases() {}

    public static boolean isPostgres(DataSource dataSource) {
        return POSTGRES.computeIfAbsent(dataSource, Databases::askPostgres);
    }

    private static boolean askPostgres(DataSource dataSource) {
        try {
            return "PostgreSQL".equalsIgnoreCase(
                    JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("数据库类型无法识别 / cannot tell which database this is", e);
        }
    }
}
