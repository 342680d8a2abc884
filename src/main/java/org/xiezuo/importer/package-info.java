/**
 * Reads the official notice as issued (text/markdown, .docx, .xlsx) into a task book, shows the draft
 * with every doubt before anything is saved, and on confirmation creates the plan — or, for the same
 * document number and title, brings the existing plan in line — in one transaction. Drafts and the
 * uploaded documents are kept in the database, so any instance can continue an import.
 */
@ApplicationModule(displayName = "Importer")
@NullMarked
package org.xiezuo.importer;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
