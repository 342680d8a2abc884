package org.xiezuo.notification;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code xiezuo.notification.*}: where links point, which channels an account gets until it chooses,
 * retries (back-off doubles from {@code initialDelay} up to {@code maxDelay}; after {@code maxAttempts}
 * the message is FAILED), the lease of a claimed message, and the two outside channels. E-mail is on
 * when {@code spring.mail.host} is set; the webhook when {@code webhook.url} is. Secrets (the SMTP
 * password, the webhook's signing secret and access token) come from the environment, never from a
 * committed file.
 */
@ConfigurationProperties("xiezuo.notification")
record NotificationSettings(@DefaultValue("") String baseUrl,
                            @DefaultValue({"IN_APP", "EMAIL", "WEBHOOK"}) Set<Channel> defaultChannels,
                            @DefaultValue("8") int maxAttempts,
                            @DefaultValue("PT1M") Duration initialDelay,
                            @DefaultValue("PT6H") Duration maxDelay,
                            @DefaultValue("PT5M") Duration lease,
                            @DefaultValue("50") int batchSize,
                            @DefaultValue Email email,
                            @DefaultValue Webhook webhook) {

    /** E-mail: sender address and subject prefix ({@code spring.mail.*} configures the server). */
    record Email(@DefaultValue("") String from, @DefaultValue("【协作】") String subjectPrefix) {}

    /** How the webhook body looks. */
    enum Format {
        /** Xiezuo's own JSON: reason, title, body, link, plan, recipient. */
        JSON,
        /** A DingTalk (钉钉/浙政钉) group robot: {"msgtype":"text","text":{"content":…}}. */
        DINGTALK
    }

    /** The webhook: URL (empty: off), body format, signing secret (DingTalk "加签"), timeout, text prefix. */
    record Webhook(@DefaultValue("") String url, @DefaultValue("JSON") Format format, @DefaultValue("") String secret,
                   @DefaultValue("PT10S") Duration timeout, @DefaultValue("【协作】") String prefix) {
        boolean configured() { return !url.isBlank(); }
    }

    /** The pause before attempt {@code attempts + 1}: initial × 2^(attempts − 1), at most the maximum. */
    Duration backoff(int attempts) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxDelay) < 0; i++) delay = delay.multipliedBy(2);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** An absolute link for messages read outside Xiezuo, or the path alone when no base URL is set. */
    String absolute(String path) {
        return baseUrl.isBlank() ? path : baseUrl.replaceAll("/+$", "") + path;
    }
}
