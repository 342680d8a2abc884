package org.xiezuo.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs something outside the JVM: real PostgreSQL or a real Chromium. Without it the test
 * is skipped with a message saying what is missing; with {@code CI=true} it is mandatory and fails.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ExternalResourceCondition.class)
public @interface ExternalResource {

    Kind value();

    enum Kind {
        /** PostgreSQL at {@code XIEZUO_PG_URL} (user/password {@code XIEZUO_PG_USER}/{@code XIEZUO_PG_PASSWORD}). */
        POSTGRESQL,
        /** Chromium and ChromeDriver at /usr/bin/chromium and /usr/bin/chromedriver. */
        CHROMIUM,
        /**
         * PostgreSQL as {@link #POSTGRESQL}, and its client programs {@code pg_dump}, {@code pg_restore} on the
         * {@code PATH} (or in {@code XIEZUO_PG_BIN}), for backup and restore drills.
         */
        POSTGRESQL_TOOLS,
        /** LibreOffice (headless, /usr/bin/soffice) and pdftoppm, for rendering exports to PDF and PNG. */
        LIBREOFFICE
    }
}
