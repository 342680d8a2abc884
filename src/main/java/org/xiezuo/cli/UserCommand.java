package org.xiezuo.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.security.AccountAdministration;
import org.xiezuo.security.RoleNames;
import org.xiezuo.security.UnitReferences;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Role;

/**
 * {@code user add --username U --name N --role ROLE [--role …] [--unit UNIT …] [--password P] [--phone …]
 * [--email …]}: creates an account as the operator's command-line administrator ({@code cli:<os user>}) —
 * on a fresh installation, the first security administrator, auditor and coordinator. Roles are checked
 * before the database is opened; a unit is a name, an alias or {@code 地区/单位}, and one that is unknown
 * or ambiguous is unusable input (exit 2) named in the message. The account's own rules (user name,
 * separation of the three administrators, password policy, a taken user name) refuse with exit 3.
 */
final class UserCommand {

    private static final Set<String> OPTIONS = Set.of("username", "name", "role", "unit", "password", "phone", "email");

    private final CliArguments arguments;
    private final Class<?> application;

    UserCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        String action = arguments.requirePositional(0, "子命令（add）");
        if (!action.equals("add")) throw new CliException(Cli.UNUSABLE_INPUT, "未知的子命令「" + action + "」，可用：user add");
        if (arguments.positional().size() > 1) {
            throw new CliException(Cli.UNUSABLE_INPUT, "多余的参数「" + arguments.positional().get(1) + "」");
        }
        for (String option : arguments.options().keySet()) {
            if (!option.contains(".") && !OPTIONS.contains(option)) {
                throw new CliException(Cli.UNUSABLE_INPUT, "未知选项 --" + option);
            }
        }
        String username = required("username", "--username（用户名）");
        String name = required("name", "--name（姓名）");
        Set<Role> roles = roles();
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            Set<Long> unitIds = units(context.getBean(UnitReferences.class).index());
            AccountAdministration.Created created = context.getBean(AccountAdministration.class).create(
                    Actor.cliAdministrator(System.getProperty("user.name", "unknown")),
                    new AccountAdministration.NewAccount(username, name, roles, unitIds, arguments.option("phone").orElse(null),
                            arguments.option("email").orElse(null), arguments.option("password").orElse(null)));
            out.println("{\"accountId\": " + created.id() + ", \"username\": " + json(created.username())
                    + ", \"temporaryPassword\": " + json(created.temporaryPassword()) + "}");
            return Cli.OK;
        } catch (CliException e) {
            throw e;
        } catch (BusinessRuleViolation e) {
            throw new CliException(Cli.REFUSED, e.getMessage());
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
    }

    private String required(String option, String what) {
        return arguments.option(option).filter(v -> !v.isBlank())
                .orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT, "缺少参数：" + what));
    }

    /** Every --role (each may list several, separated by 、), by label or code. */
    private Set<Role> roles() {
        List<String> names = new ArrayList<>();
        arguments.options("role").forEach(value -> names.addAll(RoleNames.split(value)));
        if (names.isEmpty()) throw new CliException(Cli.UNUSABLE_INPUT, "缺少参数：--role（角色）");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(RoleNames.parse(name).orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT,
                    "未知角色「" + name + "」，可用：" + RoleNames.accepted())));
        }
        return roles;
    }

    private Set<Long> units(UnitReferences.Index index) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String unit : arguments.options("unit")) {
            try {
                ids.add(index.resolve(unit));
            } catch (BusinessRuleViolation e) {
                throw new CliException(Cli.UNUSABLE_INPUT, "--unit " + unit + "：" + e.getMessage());
            }
        }
        return ids;
    }

    /** A JSON string or null; user names are restricted, but escape anyway. */
    private static String json(@Nullable String text) {
        if (text == null) return "null";
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
                    else json.append(c);
                }
            }
        }
        return json.append('"').toString();
    }
}
