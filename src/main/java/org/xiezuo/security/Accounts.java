package org.xiezuo.security;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

/** Accounts by username. */
interface Accounts extends ListCrudRepository<Account, Long> {

    Optional<Account> findByUsername(String username);
}
