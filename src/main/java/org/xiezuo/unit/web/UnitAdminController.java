package org.xiezuo.unit.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xiezuo.shared.Actor;
import org.xiezuo.unit.Organisation;

/**
 * The unit administration page: the units of every district the viewer may maintain, with their
 * aliases and the rename, alias and merge forms of {@link UnitController}, which return here.
 */
@Controller
class UnitAdminController {

    private static final String UNITS = "admin/units";

    private final Organisation organisation;

    UnitAdminController(Organisation organisation) {
        this.organisation = organisation;
    }

    @GetMapping("/admin/units")
    String showUnits(Actor actor, Model model) {
        model.addAttribute("districts", organisation.editableUnits(actor));
        return UNITS;
    }
}
