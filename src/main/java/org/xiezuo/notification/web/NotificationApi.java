package org.xiezuo.notification.web;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xiezuo.notification.Channel;
import org.xiezuo.notification.Inbox;
import org.xiezuo.notification.NotificationPreferences;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/** One's notifications and channel choices as JSON, with the same rules as the pages. */
@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "通知", description = "本人的站内通知、已读标记与通知方式")
class NotificationApi {

    private final Inbox inbox;
    private final NotificationPreferences preferences;

    NotificationApi(Inbox inbox, NotificationPreferences preferences) {
        this.inbox = inbox;
        this.preferences = preferences;
    }

    record Unread(long unread) {}

    record Marked(int marked) {}

    @GetMapping
    @Operation(summary = "本人的站内通知", description = "最新的在前；unread=true 只列未读")
    Inbox.Page<Inbox.Item> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                                @RequestParam(defaultValue = "false") boolean unread, Actor actor) {
        return inbox.list(actor, unread, page, size);
    }

    @GetMapping("/unread-count")
    @Operation(summary = "未读通知数")
    Unread unreadCount(Actor actor) {
        return new Unread(inbox.unread(actor));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "标为已读")
    ResponseEntity<Void> read(@PathVariable long id, Actor actor) {
        inbox.markRead(actor, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/read-all")
    @Operation(summary = "全部标为已读")
    Marked readAll(Actor actor) {
        return new Marked(inbox.markAllRead(actor));
    }

    @GetMapping("/preferences")
    @Operation(summary = "本人的通知方式", description = "各渠道是否开启、是否可用（系统是否配置、账号是否有邮箱）")
    List<NotificationPreferences.ChannelChoice> preferences(Actor actor) {
        return preferences.of(actor);
    }

    @PutMapping("/preferences")
    @Operation(summary = "设置通知方式", description = "如 {\"EMAIL\": false, \"WEBHOOK\": true}；站内通知不能关闭；未列出的渠道不变")
    List<NotificationPreferences.ChannelChoice> choose(@RequestBody Map<String, Boolean> body, Actor actor) {
        Map<Channel, Boolean> choices = new EnumMap<>(Channel.class);
        body.forEach((name, on) -> {
            Channel channel;
            try {
                channel = Channel.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new BusinessRuleViolation("notification.channel", "未知的通知渠道：" + name);
            }
            if (on == null) throw new BusinessRuleViolation("notification.channel", "请为 " + name + " 给出 true 或 false");
            choices.put(channel, on);
        });
        return preferences.choose(actor, choices);
    }
}
