package org.xiezuo.security;

import org.xiezuo.support.XiezuoTest;

/** {@link SessionStorageContract} on H2. */
@XiezuoTest
class SessionStorageTests extends SessionStorageContract {
}
