package org.xiezuo.reporting.web;

import org.jspecify.annotations.Nullable;

/**
 * What the user typed into a line that was not saved, with the reason: the page shows it again in the
 * fields instead of the stored values, so nothing typed is lost (SECURITY.md T64).
 */
record LineInput(boolean indicator, long ref, @Nullable String value, @Nullable String note, @Nullable String reason,
                 @Nullable String progress, @Nullable String narrative, String message) {

    static LineInput ofIndicator(long indicatorId, @Nullable String value, @Nullable String note, @Nullable String reason,
                                 String message) {
        return new LineInput(true, indicatorId, value, note, reason, null, null, message);
    }

    static LineInput ofTask(long taskId, @Nullable String progress, @Nullable String narrative, @Nullable String reason,
                            String message) {
        return new LineInput(false, taskId, null, null, reason, progress, narrative, message);
    }

    public boolean isIndicator(long id) {
        return indicator && ref == id;
    }

    public boolean isTask(long id) {
        return !indicator && ref == id;
    }
}
