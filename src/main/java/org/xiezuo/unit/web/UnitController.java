package org.xiezuo.unit.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Organisation;

/**
 * Maintaining units from a plan's unit tab: aliases, renaming and merging. Every form returns to the
 * plan it came from, with a message.
 */
@Controller
class UnitController {

    private final Organisation organisation;

    UnitController(Organisation organisation) {
        this.organisation = organisation;
    }

    @PostMapping("/units/{id}/aliases")
    String submitAlias(@PathVariable long id, @RequestParam String alias, @RequestParam long plan, Actor actor,
                       RedirectAttributes flash) {
        return act(flash, plan, "别名已添加", () -> organisation.addAlias(actor, id, alias));
    }

    @PostMapping("/units/{id}/aliases/remove")
    String submitAliasRemoval(@PathVariable long id, @RequestParam String alias, @RequestParam long plan, Actor actor,
                              RedirectAttributes flash) {
        return act(flash, plan, "别名已删除", () -> organisation.removeAlias(actor, id, alias));
    }

    @PostMapping("/units/{id}/rename")
    String submitRename(@PathVariable long id, @RequestParam String name, @RequestParam long plan, Actor actor,
                        RedirectAttributes flash) {
        return act(flash, plan, "单位已改名，原名称保留为别名", () -> organisation.rename(actor, id, name));
    }

    @PostMapping("/units/{id}/merge")
    String submitMerge(@PathVariable long id, @RequestParam long into, @RequestParam long plan, Actor actor,
                       RedirectAttributes flash) {
        return act(flash, plan, "单位已合并，原名称保留为别名", () -> organisation.merge(actor, id, into));
    }

    private static String act(RedirectAttributes flash, long plan, String done, Runnable command) {
        try {
            command.run();
            flash.addFlashAttribute("message", done);
        } catch (BusinessRuleViolation rule) {
            flash.addFlashAttribute("error", rule.getMessage());
        }
        return "redirect:/plans/" + plan + "?tab=units";
    }
}
