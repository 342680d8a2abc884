package org.xiezuo.security;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;

/** One's own account: overview, password change, second-factor enrolment, personal access tokens. */
@Controller
class MyAccountController {

    private static final String ACCOUNT = "security/account";
    private static final String PASSWORD = "security/password";
    private static final String ENROL = "security/enrol";
    private static final String RECOVERY_CODES = "security/recovery-codes";
    private static final String PENDING_SECRET = MyAccountController.class.getName() + ".secret";

    private final Credentials credentials;
    private final CurrentActors actors;
    private final ApiTokens tokens;

    MyAccountController(Credentials credentials, CurrentActors actors, ApiTokens tokens) {
        this.credentials = credentials;
        this.actors = actors;
        this.tokens = tokens;
    }

    record PasswordForm(String current, String next, String confirmation) {
        PasswordForm {
            current = current == null ? "" : current;
            next = next == null ? "" : next;
            confirmation = confirmation == null ? "" : confirmation;
        }
    }

    @GetMapping("/account")
    String showAccount(Actor actor, Model model) {
        model.addAttribute("me", actor);
        model.addAttribute("tokens", tokens.mine(actor));
        model.addAttribute("now", java.time.Instant.now());
        return ACCOUNT;
    }

    @PostMapping("/account/tokens")
    String submitToken(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "90") int days,
                       Actor actor, RedirectAttributes flash) {
        try {
            ApiTokens.NewToken token = tokens.create(actor, name, days);
            flash.addFlashAttribute("newToken", token.secret());
            flash.addFlashAttribute("message", "令牌已创建。请立即复制保存，离开本页后将无法再次查看。");
        } catch (BusinessRuleViolation rule) {
            flash.addFlashAttribute("error", rule.getMessage());
        }
        return "redirect:/account";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String submitRevoke(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        tokens.revoke(actor, id);
        flash.addFlashAttribute("message", "令牌已吊销");
        return "redirect:/account";
    }

    @GetMapping("/account/password")
    String showPasswordChange(Model model) {
        return passwordPage(model, null);
    }

    @PostMapping("/account/password")
    String submitPasswordChange(@ModelAttribute PasswordForm form, Model model, HttpServletRequest request,
                                RedirectAttributes flash) {
        SignedInUser user = actors.signedInUser().orElseThrow();
        try {
            credentials.changePassword(user.username(), form.current(), form.next(), form.confirmation());
        } catch (BusinessRuleViolation rule) {
            return passwordPage(model, rule.getMessage());
        }
        SignedInUser changed = user.withPasswordChanged();
        SecurityConfiguration.completeStep(request, changed);
        flash.addFlashAttribute("message", "密码已修改");
        return "redirect:" + SecurityConfiguration.NextStep.next(changed, null);
    }

    private String passwordPage(Model model, String error) {
        SignedInUser user = actors.signedInUser().orElseThrow();
        model.addAttribute("forced", user.passwordChangePending());
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        model.addAttribute("error", error);
        return PASSWORD;
    }

    @GetMapping("/account/second-factor")
    String showEnrolment(HttpSession session, Model model) {
        SignedInUser user = actors.signedInUser().orElseThrow();
        String secret = session.getAttribute(PENDING_SECRET) instanceof String s ? s : credentials.newSecret();
        session.setAttribute(PENDING_SECRET, secret);
        String uri = Totp.uri("协作 Xiezuo", user.username(), secret);
        model.addAttribute("qr", qrDataUri(uri));
        model.addAttribute("secret", secret.replaceAll("(.{4})", "$1 ").strip());
        model.addAttribute("username", user.username());
        return ENROL;
    }

    @PostMapping("/account/second-factor")
    String submitEnrolment(@RequestParam(defaultValue = "") String code, HttpSession session, HttpServletRequest request,
                           Model model) {
        SignedInUser user = actors.signedInUser().orElseThrow();
        if (!(session.getAttribute(PENDING_SECRET) instanceof String secret)) return "redirect:/account/second-factor";
        List<String> codes;
        try {
            codes = credentials.enrol(user.username(), secret, code);
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            return showEnrolment(session, model);
        }
        session.removeAttribute(PENDING_SECRET);
        SignedInUser done = user.withSecondFactorDone();
        SecurityConfiguration.completeStep(request, done);
        model.addAttribute("codes", codes);
        model.addAttribute("next", SecurityConfiguration.NextStep.next(done, null));
        return RECOVERY_CODES;
    }

    /** A QR code as a PNG data URI: the page shows it without any script, and the CSP allows data: images. */
    static String qrDataUri(String content) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 220, 220,
                    Map.of(EncodeHintType.MARGIN, 1, EncodeHintType.CHARACTER_SET, "UTF-8"));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException | IOException e) {
            throw new IllegalStateException("QR code", e);
        }
    }
}
