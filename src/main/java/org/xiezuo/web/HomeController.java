package org.xiezuo.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page is the plan list. */
@Controller
class HomeController {

    @GetMapping("/")
    String showHome() {
        return "redirect:/plans";
    }
}
