/**
 * Value types and the two exceptions every module uses: the acting person ({@link org.xiezuo.shared.Actor}),
 * measure units and exact decimals, {@link org.xiezuo.shared.BusinessRuleViolation} and
 * {@link org.xiezuo.shared.NotFound}; the checks of an uploaded Office zip ({@link org.xiezuo.shared.SafeArchive}) and
 * off-heap working memory released when its task ends ({@link org.xiezuo.shared.ScratchMemory}); waiting for a
 * worker thread to end ({@link org.xiezuo.shared.Threads}). No beans live here.
 */
@NullMarked
package org.xiezuo.shared;

import org.jspecify.annotations.NullMarked;
