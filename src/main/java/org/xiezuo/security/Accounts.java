package org.xiezuo.security;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.transaction.annotation.Transactional;

/** Accounts by username. */
@Transactional(readOnly = true) // query methods in one transaction: an aggregate and its children on one connection
interface Accounts extends ListCrudRepository<Account, Long> {

    Optional<Account> findByUsername(String username);
}
