package org.xiezuo.web;

import org.springframework.test.context.ContextConfiguration;
import org.xiezuo.support.ExternalResource;
import org.xiezuo.support.PostgresSchema;

/** {@link PageRoundTripsContract} on PostgreSQL, where production runs (its session upserts are PostgreSQL's own). */
@ExternalResource(ExternalResource.Kind.POSTGRESQL)
@ContextConfiguration(initializers = PostgresSchema.class)
class PageRoundTripsPostgresTests extends PageRoundTripsContract {
}
