/**
 * The frame around every page: layout, home page, error pages and the translation of domain
 * exceptions into HTTP answers (pages and RFC 9457 problem details for the API). No domain rules.
 */
@ApplicationModule(displayName = "Web")
@NullMarked
package org.xiezuo.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
