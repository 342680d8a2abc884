package org.xiezuo.notification.web;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.notification.Channel;
import org.xiezuo.notification.Inbox;
import org.xiezuo.notification.NotificationPreferences;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/** One's notifications: the list with marking as read, and the choice of channels. */
@Controller
class NotificationController {

    private static final String LIST = "notification/list";
    private static final String PREFERENCES = "notification/preferences";
    private static final int PAGE_SIZE = 20;

    private final Inbox inbox;
    private final NotificationPreferences preferences;

    NotificationController(Inbox inbox, NotificationPreferences preferences) {
        this.inbox = inbox;
        this.preferences = preferences;
    }

    @GetMapping("/notifications")
    String showList(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "false") boolean unread,
                    Actor actor, Model model) {
        model.addAttribute("page", inbox.list(actor, unread, page, PAGE_SIZE));
        model.addAttribute("unreadOnly", unread);
        model.addAttribute("url", unread ? "/notifications?unread=true" : "/notifications");
        return LIST;
    }

    /** Marks one read; with {@code open} goes on to what it is about (a path inside Xiezuo). */
    @PostMapping("/notifications/{id}/read")
    String submitRead(@PathVariable long id, @RequestParam(defaultValue = "false") boolean open, Actor actor) {
        String link = inbox.markRead(actor, id).orElse(null);
        if (open && link != null) return "redirect:" + link; // a path inside Xiezuo (Notice refuses anything else)
        return "redirect:/notifications";
    }

    @PostMapping("/notifications/read-all")
    String submitReadAll(Actor actor, RedirectAttributes flash) {
        int marked = inbox.markAllRead(actor);
        flash.addFlashAttribute("message", marked == 0 ? "没有未读通知" : "已将 " + marked + " 条通知标为已读");
        return "redirect:/notifications";
    }

    @GetMapping("/notifications/preferences")
    String showPreferences(Actor actor, Model model) {
        model.addAttribute("choices", preferences.of(actor));
        return PREFERENCES;
    }

    /** {@code shown}: the channels the form offered; each is on when it is in {@code on}. */
    @PostMapping("/notifications/preferences")
    String submitPreferences(@RequestParam(defaultValue = "") List<String> shown, @RequestParam(defaultValue = "") List<String> on,
                             Actor actor, RedirectAttributes flash) {
        Map<Channel, Boolean> choices = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            if (channel.optional() && shown.contains(channel.name())) choices.put(channel, on.contains(channel.name()));
        }
        try {
            preferences.choose(actor, choices);
            flash.addFlashAttribute("message", "通知方式已保存");
        } catch (BusinessRuleViolation rule) {
            flash.addFlashAttribute("error", rule.getMessage());
        }
        return "redirect:/notifications/preferences";
    }
}
