/**
 * Districts (the eastern governments that issue task books) and their units (departments) with the
 * other names they go by. Publishes {@link org.xiezuo.unit.UnitsMerged} synchronously, so modules that
 * reference units move their references inside the merge transaction.
 */
@ApplicationModule(displayName = "Units")
@NullMarked
package org.xiezuo.unit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
