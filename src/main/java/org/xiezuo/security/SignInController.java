package org.xiezuo.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page (Spring Security handles its post) and the second step, the one-time code. */
@Controller
class SignInController {

    private static final String SIGN_IN = "security/login";
    private static final String SECOND_FACTOR = "security/second-factor";

    private final SignIn signIn;
    private final CurrentActors actors;

    SignInController(SignIn signIn, CurrentActors actors) {
        this.signIn = signIn;
        this.actors = actors;
    }

    @GetMapping("/login")
    String showSignIn(Model model) {
        model.addAttribute("failedMessage", signIn.failedMessage());
        return SIGN_IN;
    }

    @GetMapping("/login/second-factor")
    String showSecondFactor() {
        return SECOND_FACTOR;
    }

    @PostMapping("/login/second-factor")
    String submitSecondFactor(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model) {
        SignedInUser user = actors.signedInUser().orElseThrow();
        if (!user.secondFactorPending()) return "redirect:/";
        String address = new WebAuthenticationDetails(request).getRemoteAddress();
        if (!signIn.secondFactor(user.username(), code, address)) {
            model.addAttribute("error", signIn.failedCodeMessage());
            return SECOND_FACTOR;
        }
        SignedInUser done = user.withSecondFactorDone();
        SecurityConfiguration.completeStep(request, done);
        return "redirect:" + SecurityConfiguration.NextStep.next(done, null);
    }
}
