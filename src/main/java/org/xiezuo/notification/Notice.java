package org.xiezuo.notification;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What to tell people. {@code reason} is the dedupe key — e.g. {@code reminder:period:12:unit:5:D-3} —
 * and the same reason is never delivered twice to the same account on the same channel, however often
 * it is sent; {@code link} is a path inside Xiezuo ({@code /periods/12/units/5}), never another site.
 */
public record Notice(String reason, String title, String body, @Nullable String link, @Nullable Long planId) {

    public static final int MAX_REASON = 200;
    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY = 4000;
    public static final int MAX_LINK = 500;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[^\\s\\\\]*");

    public Notice {
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("reason: 1 to " + MAX_REASON + " characters without control characters");
        }
        if (title == null || title.isBlank()) throw new IllegalArgumentException("title is required");
        title = clip(CONTROL.matcher(title.replace('\n', ' ').replace('\t', ' ')).replaceAll(""), MAX_TITLE);
        body = clip(CONTROL.matcher(body == null ? "" : body).replaceAll(""), MAX_BODY);
        if (link != null && (link.length() > MAX_LINK || !LOCAL_PATH.matcher(link).matches())) {
            throw new IllegalArgumentException("link must be a path inside Xiezuo: " + link);
        }
    }

    private static String clip(String text, int max) {
        String stripped = text.strip();
        return stripped.length() <= max ? stripped : stripped.substring(0, max - 1) + "…";
    }
}
