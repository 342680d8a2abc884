package org.xiezuo.reporting.web;

import java.time.Clock;
import java.time.Instant;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.xiezuo.reporting.TaskProgress;

/** What every reporting page needs besides its data: the formats, the task progress choices, the time the page was made. */
@ControllerAdvice(basePackageClasses = ReportingPages.class)
class ReportingPages {

    private final Clock clock;

    ReportingPages(Clock clock) {
        this.clock = clock;
    }

    @ModelAttribute("fmt")
    Formats formats() {
        return Formats.INSTANCE;
    }

    @ModelAttribute("progressValues")
    TaskProgress[] progressValues() {
        return TaskProgress.values();
    }

    @ModelAttribute("now")
    Instant now() {
        return clock.instant();
    }
}
