package org.xiezuo.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.xiezuo.security.Recipients.Recipient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each message as JSON to the configured URL ({@code xiezuo.notification.webhook.url}): Xiezuo's own
 * shape, or a DingTalk robot's text message, signed when a secret is set. Any 2xx answer is delivered —
 * for DingTalk only with {@code errcode} 0, since the robot answers refusals (bad signature, keyword
 * missing, rate limit) with 200. The recipient is named by user name and display name only; the
 * account's phone and e-mail never leave. The URL is the administrator's, never a user's input.
 */
@Component
class WebhookTransport implements Transport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NotificationSettings settings;
    private final Clock clock;
    private final HttpClient http;

    WebhookTransport(NotificationSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.webhook().timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public boolean configured() {
        return settings.webhook().configured();
    }

    @Override
    public void send(Outbox.Message message, Recipient recipient) throws Exception {
        NotificationSettings.Webhook webhook = settings.webhook();
        if (!webhook.configured()) throw new Undeliverable("未配置 Webhook 地址");
        boolean dingTalk = webhook.format() == NotificationSettings.Format.DINGTALK;
        String url = webhook.secret().isBlank() ? webhook.url() : DingTalkSignature.signedUrl(webhook.url(), webhook.secret(), clock.millis());
        String body = JSON.writeValueAsString(dingTalk ? dingTalk(message, recipient) : plain(message, recipient));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(webhook.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (dingTalk) {
            JsonNode answer = response.body().isBlank() ? null : JSON.readTree(response.body());
            int code = answer == null || answer.get("errcode") == null ? 0 : answer.get("errcode").asInt();
            if (code != 0) {
                throw new IllegalStateException("钉钉返回 errcode=" + code + " " + (answer.get("errmsg") == null ? "" : answer.get("errmsg").asString()));
            }
        }
    }

    private Map<String, Object> plain(Outbox.Message message, Recipient recipient) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("reason", message.reason());
        json.put("title", message.title());
        json.put("body", message.body());
        json.put("link", message.link() == null ? null : settings.absolute(message.link()));
        json.put("planId", message.planId());
        json.put("recipient", Map.of("username", recipient.username(), "displayName", recipient.displayName()));
        json.put("createdAt", message.createdAt().toString());
        return json;
    }

    private Map<String, Object> dingTalk(Outbox.Message message, Recipient recipient) {
        StringBuilder content = new StringBuilder(settings.webhook().prefix()).append("致").append(recipient.displayName())
                .append("：").append(message.title());
        if (!message.body().isBlank()) content.append('\n').append(message.body());
        if (message.link() != null) content.append('\n').append(settings.absolute(message.link()));
        return Map.of("msgtype", "text", "text", Map.of("content", content.toString()));
    }
}
