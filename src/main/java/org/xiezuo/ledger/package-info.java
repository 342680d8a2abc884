/**
 * Ledgers (台账): the records behind ledger-derived indicators — employment spells, dispatched cadres,
 * trainings, donations, consumption purchases, pairings, investments, parks, workshops, demonstration
 * villages — entered by hand or imported from .xlsx in batches (strict or valid rows only, all or
 * nothing in the database, idempotent, rolled back as a whole), personal data encrypted at rest and
 * shown masked, and indicators bound to ledger measures whose actual is derived from the records as
 * of a date. Supplies {@link org.xiezuo.reporting.DerivedValues} to reporting.
 */
@ApplicationModule(displayName = "Ledger")
@NullMarked
package org.xiezuo.ledger;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
