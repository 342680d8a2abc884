package org.xiezuo.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

/** The sign-in page (Spring Security handles its post) and the password-change page. */
@Controller
class SignInController {

    private static final String SIGN_IN = "security/login";
    private static final String PASSWORD = "security/password";

    private final Credentials credentials;

    SignInController(Credentials credentials) {
        this.credentials = credentials;
    }

    record PasswordForm(String current, String next, String confirmation) {
        PasswordForm {
            current = current == null ? "" : current;
            next = next == null ? "" : next;
            confirmation = confirmation == null ? "" : confirmation;
        }
    }

    @GetMapping("/login")
    String showSignIn() {
        return SIGN_IN;
    }

    @GetMapping("/account/password")
    String showPasswordChange(Model model) {
        model.addAttribute("forced", currentUser().mustChangePassword());
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        return PASSWORD;
    }

    @PostMapping("/account/password")
    String submitPasswordChange(@ModelAttribute PasswordForm form, Actor actor, Model model, HttpServletRequest request,
                                RedirectAttributes flash) {
        try {
            credentials.changePassword(actor, form.current(), form.next(), form.confirmation());
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            model.addAttribute("forced", currentUser().mustChangePassword());
            model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
            return PASSWORD;
        }
        Authentication old = SecurityContextHolder.getContext().getAuthentication();
        SignedInUser updated = currentUser().withPasswordChanged();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(updated, null, old.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.getSession().setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        flash.addFlashAttribute("message", "密码已修改");
        return "redirect:/";
    }

    private static SignedInUser currentUser() {
        return (SignedInUser) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
    }
}
