package org.xiezuo.importer;

import org.xiezuo.support.PostgresTest;

/** {@link DocumentImportsContract} on real PostgreSQL. */
@PostgresTest
class DocumentImportsPostgresTests extends DocumentImportsContract {
}
