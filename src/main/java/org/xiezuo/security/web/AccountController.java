package org.xiezuo.security.web;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.AccountAdministration.AccountView;
import org.xiezuo.security.UnitReferences;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;

/**
 * The account pages of the system and security administrators: the list, a new account, and one
 * account with the forms its viewer may use. What each may do is decided by {@link AccountAdministration}
 * (and the endpoint table before it); the page only leaves out the forms the viewer does not hold.
 */
@Controller
@RequestMapping("/admin/accounts")
class AccountController {

    private static final String LIST = "admin/accounts/list";
    private static final String NEW = "admin/accounts/new";
    private static final String SHOW = "admin/accounts/show";
    static final String STALE = "该记录已被他人修改，请刷新后重试";

    private final AccountAdministration administration;
    private final UnitReferences units;
    private final Clock clock;

    AccountController(AccountAdministration administration, UnitReferences units, Clock clock) {
        this.administration = administration;
        this.units = units;
        this.clock = clock;
    }

    /** A new account; without a password the system generates a temporary one. */
    record AccountForm(String username, String displayName, String phone, String email, List<Role> roles,
                       List<Long> unitIds, String password) {
        AccountForm {
            username = username == null ? "" : username;
            displayName = displayName == null ? "" : displayName;
            phone = phone == null ? "" : phone;
            email = email == null ? "" : email;
            roles = roles == null ? List.of() : List.copyOf(roles);
            unitIds = unitIds == null ? List.of() : List.copyOf(unitIds);
            password = password == null ? "" : password;
        }

        static AccountForm empty() {
            return new AccountForm("", "", "", "", List.of(), List.of(), "");
        }

        AccountAdministration.NewAccount toNewAccount() {
            return new AccountAdministration.NewAccount(username, displayName, Set.copyOf(roles),
                    new LinkedHashSet<>(unitIds), phone, email, password.isBlank() ? null : password);
        }
    }

    record DetailsForm(String displayName, String phone, String email, int version) {
        DetailsForm {
            displayName = displayName == null ? "" : displayName;
            phone = phone == null ? "" : phone;
            email = email == null ? "" : email;
        }

        static DetailsForm of(AccountView account) {
            return new DetailsForm(account.displayName(), orEmpty(account.phone()), orEmpty(account.email()),
                    account.version());
        }
    }

    record UnitsForm(List<Long> unitIds, int version) {
        UnitsForm {
            unitIds = unitIds == null ? List.of() : List.copyOf(unitIds);
        }

        static UnitsForm of(AccountView account) {
            return new UnitsForm(account.units().stream().map(AccountAdministration.UnitRef::id).toList(), account.version());
        }
    }

    record RolesForm(List<Role> roles, int version) {
        RolesForm {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        static RolesForm of(AccountView account) {
            return new RolesForm(account.roles().stream().sorted().toList(), account.version());
        }
    }

    @GetMapping
    String showAccounts(@RequestParam(defaultValue = "") String q, Actor actor, Model model) {
        String search = q.strip();
        model.addAttribute("accounts", administration.list(actor, search));
        model.addAttribute("q", search);
        model.addAttribute("now", clock.instant());
        return LIST;
    }

    @GetMapping("/new")
    String showNewAccount(Model model) {
        return newForm(model, AccountForm.empty(), null);
    }

    @PostMapping
    String submitNewAccount(@ModelAttribute("form") AccountForm form, Actor actor, Model model, RedirectAttributes flash) {
        AccountAdministration.Created created;
        try {
            created = administration.create(actor, form.toNewAccount());
        } catch (BusinessRuleViolation rule) {
            return newForm(model, form, rule.getMessage());
        }
        if (created.temporaryPassword() != null) {
            flash.addFlashAttribute("message", "账号「" + created.username() + "」已创建");
            flash.addFlashAttribute("temporaryPassword", created.temporaryPassword());
        } else {
            flash.addFlashAttribute("message", "账号「" + created.username() + "」已创建，初始密码为您设置的密码，本人首次登录时必须修改");
        }
        return "redirect:/admin/accounts/" + created.id();
    }

    @GetMapping("/{id}")
    String showAccount(@PathVariable long id, Actor actor, Model model) {
        return page(model, actor, administration.get(actor, id), null, null, null, null);
    }

    @PostMapping("/{id}")
    String submitDetails(@PathVariable long id, @ModelAttribute DetailsForm form, Actor actor, Model model,
                         RedirectAttributes flash) {
        return change(id, actor, model, flash, "姓名和联系方式已保存",
                () -> administration.describe(actor, id, form.version(), form.displayName(), form.phone(), form.email()),
                error -> page(model, actor, administration.get(actor, id), form, null, null, error));
    }

    @PostMapping("/{id}/units")
    String submitUnits(@PathVariable long id, @ModelAttribute UnitsForm form, Actor actor, Model model,
                       RedirectAttributes flash) {
        return change(id, actor, model, flash, "绑定单位已保存",
                () -> administration.bindUnits(actor, id, form.version(), new LinkedHashSet<>(form.unitIds())),
                error -> page(model, actor, administration.get(actor, id), null, form, null, error));
    }

    @PostMapping("/{id}/roles")
    String submitRoles(@PathVariable long id, @ModelAttribute RolesForm form, Actor actor, Model model,
                       RedirectAttributes flash) {
        return change(id, actor, model, flash, "角色已保存",
                () -> administration.grantRoles(actor, id, form.version(), Set.copyOf(form.roles())),
                error -> page(model, actor, administration.get(actor, id), null, null, form, error));
    }

    @PostMapping("/{id}/disable")
    String submitDisable(@PathVariable long id, Actor actor, Model model, RedirectAttributes flash) {
        return action(id, actor, model, flash, "账号已停用，其登录会话已全部结束", () -> administration.disable(actor, id));
    }

    @PostMapping("/{id}/enable")
    String submitEnable(@PathVariable long id, Actor actor, Model model, RedirectAttributes flash) {
        return action(id, actor, model, flash, "账号已启用", () -> administration.enable(actor, id));
    }

    @PostMapping("/{id}/reset-password")
    String submitPasswordReset(@PathVariable long id, Actor actor, Model model, RedirectAttributes flash) {
        return action(id, actor, model, flash, "密码已重置，该账号的登录会话已全部结束", () -> {
            flash.addFlashAttribute("temporaryPassword", administration.resetPassword(actor, id));
        });
    }

    @PostMapping("/{id}/unlock")
    String submitUnlock(@PathVariable long id, Actor actor, Model model, RedirectAttributes flash) {
        return action(id, actor, model, flash, "账号已解除锁定", () -> administration.unlock(actor, id));
    }

    @PostMapping("/{id}/reset-second-factor")
    String submitSecondFactorReset(@PathVariable long id, Actor actor, Model model, RedirectAttributes flash) {
        return action(id, actor, model, flash, "二次验证已重置，本人下次登录时重新设置",
                () -> administration.resetSecondFactor(actor, id));
    }

    /**
     * A form with a version: a rule's message shows next to the kept input (the page's model filled by
     * {@code again}); a stale version reloads the page.
     */
    private String change(long id, Actor actor, Model model, RedirectAttributes flash, String done, Runnable command,
                          java.util.function.Consumer<String> again) {
        try {
            command.run();
        } catch (BusinessRuleViolation rule) {
            again.accept(rule.getMessage());
            return SHOW;
        } catch (OptimisticLockingFailureException stale) {
            flash.addFlashAttribute("error", STALE);
            return "redirect:/admin/accounts/" + id;
        }
        flash.addFlashAttribute("message", done);
        return "redirect:/admin/accounts/" + id;
    }

    /** A one-click action; a rule's message comes back on the account page. */
    private String action(long id, Actor actor, Model model, RedirectAttributes flash, String done, Runnable command) {
        try {
            command.run();
        } catch (BusinessRuleViolation rule) {
            return page(model, actor, administration.get(actor, id), null, null, null, rule.getMessage());
        }
        flash.addFlashAttribute("message", done);
        return "redirect:/admin/accounts/" + id;
    }

    private String newForm(Model model, AccountForm form, @Nullable String error) {
        model.addAttribute("form", form);
        model.addAttribute("roles", Role.values());
        model.addAttribute("districts", units.byDistrict());
        model.addAttribute("error", error);
        return NEW;
    }

    private String page(Model model, Actor actor, AccountView account, @Nullable DetailsForm details,
                        @Nullable UnitsForm unitsForm, @Nullable RolesForm rolesForm, @Nullable String error) {
        model.addAttribute("account", account);
        model.addAttribute("self", account.username().equals(actor.name()));
        model.addAttribute("now", clock.instant());
        model.addAttribute("time", ChinaTime.INSTANCE);
        model.addAttribute("details", details != null ? details : DetailsForm.of(account));
        model.addAttribute("unitsForm", unitsForm != null ? unitsForm : UnitsForm.of(account));
        model.addAttribute("rolesForm", rolesForm != null ? rolesForm : RolesForm.of(account));
        model.addAttribute("roles", Role.values());
        model.addAttribute("districts", units.byDistrict());
        if (error != null) model.addAttribute("error", error);
        return SHOW;
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
