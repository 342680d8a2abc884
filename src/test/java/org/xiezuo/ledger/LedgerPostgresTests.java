package org.xiezuo.ledger;

import org.xiezuo.support.PostgresTest;

/** {@link LedgerContract} on real PostgreSQL. */
@PostgresTest
class LedgerPostgresTests extends LedgerContract {
}
