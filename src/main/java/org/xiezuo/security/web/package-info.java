/**
 * The administration pages of the security module: accounts (list, creation, one account with the
 * actions its viewer holds, bulk creation from a workbook) and the security rules in force. Thin
 * adapters over {@link org.xiezuo.security.AccountAdministration} and its neighbours, which decide.
 */
@NullMarked
package org.xiezuo.security.web;

import org.jspecify.annotations.NullMarked;
