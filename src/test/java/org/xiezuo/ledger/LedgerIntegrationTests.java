package org.xiezuo.ledger;

import org.xiezuo.support.XiezuoTest;

/** {@link LedgerContract} on the embedded H2 database. */
@XiezuoTest
class LedgerIntegrationTests extends LedgerContract {
}
