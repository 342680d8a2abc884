package org.xiezuo.ledger.web;

import java.time.Clock;
import java.time.Instant;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every ledger page needs besides its data: the formats and the time the page was made. */
@ControllerAdvice(basePackageClasses = LedgerPages.class)
class LedgerPages {

    private final Clock clock;

    LedgerPages(Clock clock) {
        this.clock = clock;
    }

    @ModelAttribute("lfmt")
    LedgerFormats formats() {
        return LedgerFormats.INSTANCE;
    }

    @ModelAttribute("now")
    Instant now() {
        return clock.instant();
    }
}
