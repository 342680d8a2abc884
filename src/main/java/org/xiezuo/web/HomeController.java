package org.xiezuo.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/** The start page is the first part of the system the account's roles lead to. */
@Controller
class HomeController {

    @GetMapping("/")
    String showHome(Actor actor) {
        if (Access.permits(actor, Permission.PLAN_READ)) return "redirect:/plans";
        if (Access.permits(actor, Permission.AUDIT_READ)) return "redirect:/audit";
        if (Access.permits(actor, Permission.ACCOUNT_MANAGE) || Access.permits(actor, Permission.ROLE_GRANT)
                || Access.permits(actor, Permission.ACCOUNT_UNLOCK)) {
            return "redirect:/admin/accounts";
        }
        return "redirect:/account";
    }
}
