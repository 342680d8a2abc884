/**
 * Sign-in and accounts: form login with hashed passwords, sessions kept in the database, a bootstrap
 * administrator on first start, forced password change, and the {@link org.xiezuo.shared.Actor} every
 * controller receives. Authorization decisions live in {@link org.xiezuo.shared.Access}.
 */
@ApplicationModule(displayName = "Security")
@NullMarked
package org.xiezuo.security;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
