package org.xiezuo.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on real PostgreSQL ({@code XIEZUO_PG_URL}), in a schema of its own that is
 * dropped when the context closes. Skipped without PostgreSQL, mandatory in CI.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExternalResource(ExternalResource.Kind.POSTGRESQL)
@SpringBootTest
@ActiveProfiles("test")
@ContextConfiguration(initializers = PostgresSchema.class)
public @interface PostgresTest {
}
