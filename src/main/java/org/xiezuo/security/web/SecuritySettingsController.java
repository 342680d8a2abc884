package org.xiezuo.security.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xiezuo.security.SecurityRules;
import org.xiezuo.shared.Actor;

/** The sign-in and session rules in force, read-only: they are changed in the configuration. */
@Controller
class SecuritySettingsController {

    private static final String SETTINGS = "admin/security";

    private final SecurityRules rules;

    SecuritySettingsController(SecurityRules rules) {
        this.rules = rules;
    }

    @GetMapping("/admin/security")
    String showSettings(Actor actor, Model model) {
        model.addAttribute("rules", rules.inForce(actor));
        return SETTINGS;
    }
}
