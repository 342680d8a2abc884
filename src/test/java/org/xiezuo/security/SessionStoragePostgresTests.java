package org.xiezuo.security;

import org.xiezuo.support.PostgresTest;

/** {@link SessionStorageContract} on PostgreSQL. */
@PostgresTest
class SessionStoragePostgresTests extends SessionStorageContract {
}
