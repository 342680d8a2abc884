package org.xiezuo.importer;

import org.xiezuo.support.XiezuoTest;

/** {@link DocumentImportsContract} on the embedded H2 database. */
@XiezuoTest
class DocumentImportsIntegrationTests extends DocumentImportsContract {
}
