package org.xiezuo.security;

import org.xiezuo.shared.Role;

/** A role held by an account. */
record AccountRole(Role role) {}
