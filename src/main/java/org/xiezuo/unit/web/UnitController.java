package org.xiezuo.unit.web;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.Organisation;

/**
 * Maintaining units: aliases, renaming and merging, from a plan's unit tab or from the unit
 * administration page. Every form returns where it came from, with a message: to the plan it names
 * ({@code plan}), or to {@code /admin/units} ({@code back=admin}, or no plan). The way back is always
 * built here from a fixed path and a number, never taken from the request as a URL.
 */
@Controller
class UnitController {

    private final Organisation organisation;

    UnitController(Organisation organisation) {
        this.organisation = organisation;
    }

    @PostMapping("/units/{id}/aliases")
    String submitAlias(@PathVariable long id, @RequestParam String alias, @RequestParam(required = false) @Nullable Long plan,
                       @RequestParam(required = false) @Nullable String back, Actor actor, RedirectAttributes flash) {
        return act(flash, back(plan, back, id), "别名已添加", () -> organisation.addAlias(actor, id, alias));
    }

    @PostMapping("/units/{id}/aliases/remove")
    String submitAliasRemoval(@PathVariable long id, @RequestParam String alias,
                              @RequestParam(required = false) @Nullable Long plan,
                              @RequestParam(required = false) @Nullable String back, Actor actor,
                              RedirectAttributes flash) {
        return act(flash, back(plan, back, id), "别名已删除", () -> organisation.removeAlias(actor, id, alias));
    }

    @PostMapping("/units/{id}/rename")
    String submitRename(@PathVariable long id, @RequestParam String name, @RequestParam(required = false) @Nullable Long plan,
                        @RequestParam(required = false) @Nullable String back, Actor actor, RedirectAttributes flash) {
        return act(flash, back(plan, back, id), "单位已改名，原名称保留为别名", () -> organisation.rename(actor, id, name));
    }

    @PostMapping("/units/{id}/merge")
    String submitMerge(@PathVariable long id, @RequestParam long into, @RequestParam(required = false) @Nullable Long plan,
                       @RequestParam(required = false) @Nullable String back, Actor actor, RedirectAttributes flash) {
        return act(flash, back(plan, back, into), "单位已合并，原名称保留为别名", () -> organisation.merge(actor, id, into));
    }

    /** The plan's unit tab, or the unit administration page at the unit's row. */
    private static String back(@Nullable Long plan, @Nullable String back, long unitId) {
        if (plan != null && !"admin".equals(back)) return "/plans/" + plan + "?tab=units";
        return "/admin/units#unit-" + unitId;
    }

    private static String act(RedirectAttributes flash, String back, String done, Runnable command) {
        try {
            command.run();
            flash.addFlashAttribute("message", done);
        } catch (BusinessRuleViolation rule) {
            flash.addFlashAttribute("error", rule.getMessage());
        }
        return "redirect:" + back;
    }
}
