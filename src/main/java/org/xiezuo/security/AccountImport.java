package org.xiezuo.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.security.AccountWorkbook.Column;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.Permission;
import org.xiezuo.shared.Role;

/**
 * Creates many accounts from one workbook, all or nothing (SECURITY.md §1 Integrity): every row is
 * checked first against the same rules as the form — user name, name, roles (label or code), units
 * (name, alias or 地区/单位), phone, e-mail, the separation of the three administrators, user names
 * repeated in the file or taken already — and every problem is reported with its row and column. Only a
 * file without problems creates accounts, in one transaction, each with a temporary password that is
 * shown once. Refused files are audited too.
 */
@Service
@Transactional
public class AccountImport {

    private final AccountAdministration administration;
    private final Accounts accounts;
    private final UnitReferences units;
    private final AccountImportSettings settings;
    private final AuditTrail audit;

    AccountImport(AccountAdministration administration, Accounts accounts, UnitReferences units,
                  AccountImportSettings settings, AuditTrail audit) {
        this.administration = administration;
        this.accounts = accounts;
        this.units = units;
        this.settings = settings;
        this.audit = audit;
    }

    /** A problem of the file ({@code row} 0), of its header or of one cell. */
    public record Problem(int row, @Nullable String column, String message) {
        /** “第3行【角色】：未知角色「局长」”, “第1行：缺少必填列【角色】” or the file's message alone. */
        public String text() {
            if (row == 0) return message;
            return "第" + row + "行" + (column == null ? "" : "【" + column + "】") + "：" + message;
        }
    }

    /** A created account with its temporary password, to be shown once. */
    public record Imported(int row, long id, String username, String displayName, String roles, String units,
                           String temporaryPassword) {}

    /** The file was refused; nothing was created. */
    public static class Refused extends RuntimeException {
        private final List<Problem> problems;

        Refused(List<Problem> problems) {
            super(problems.size() + " 个问题");
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() { return problems; }
    }

    /**
     * Checks every row, then creates all accounts or none.
     *
     * @throws Refused with every problem found, when there is any
     */
    public List<Imported> importWorkbook(Actor actor, String fileName, byte[] content) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        AccountWorkbook.Read read = new AccountWorkbook(settings).read(fileName, content);
        List<Problem> problems = new ArrayList<>(read.problems());
        List<Checked> checked = problems.stream().anyMatch(p -> p.row() == 0) ? List.of() : check(read.rows(), problems);
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(Problem::row));
            audit.recordAlone(actor.name(), new Event("ACCOUNTS_IMPORT_REFUSED", "account-import", fileName, null,
                    "FAILURE", "批量创建账号被拒绝：" + problems.size() + "个问题，未创建任何账号；首个问题："
                    + problems.get(0).text()));
            throw new Refused(problems);
        }
        List<Imported> created = new ArrayList<>();
        for (Checked row : checked) {
            AccountAdministration.Created account = administration.create(actor, new AccountAdministration.NewAccount(
                    row.username(), row.displayName(), row.roles(), row.unitIds(), row.phone(), row.email(), null));
            AccountAdministration.AccountView view = administration.get(actor, account.id());
            created.add(new Imported(row.number(), account.id(), account.username(), view.displayName(),
                    view.roleLabels(), view.unitNames(), account.temporaryPassword()));
        }
        audit.record(actor, Event.success("ACCOUNTS_IMPORTED", "account-import", fileName, null,
                "批量创建账号" + created.size() + "个：" + String.join("、", created.stream().map(Imported::username).toList())));
        return created;
    }

    /** The template to fill in, listing the roles and the units as they may be written. */
    @Transactional(readOnly = true)
    public byte[] template(Actor actor) {
        Access.require(actor, Permission.ACCOUNT_MANAGE);
        return AccountWorkbook.template(units.byDistrict());
    }

    public long maxFileBytes() { return settings.maxFileSize().toBytes(); }

    public String maxFileSizeText() { return settings.maxFileSizeText(); }

    public int maxRows() { return settings.maxRows(); }

    /** A row that passed every check. */
    private record Checked(int number, String username, String displayName, Set<Role> roles, Set<Long> unitIds,
                           @Nullable String phone, @Nullable String email) {}

    private List<Checked> check(List<AccountWorkbook.Row> rows, List<Problem> problems) {
        UnitReferences.Index index = units.index();
        Map<String, Integer> firstRowOf = new HashMap<>();
        List<Checked> checked = new ArrayList<>();
        for (AccountWorkbook.Row row : rows) {
            int before = problems.size();
            Cell cell = new Cell(row, problems);
            String username = cell.check(Column.USERNAME, () -> Account.checkUsername(row.get(Column.USERNAME)));
            if (username != null) {
                Integer earlier = firstRowOf.putIfAbsent(username, row.number());
                if (earlier != null) {
                    cell.problem(Column.USERNAME, "用户名「" + username + "」与第" + earlier + "行重复");
                } else if (accounts.findByUsername(username).isPresent()) {
                    cell.problem(Column.USERNAME, "用户名「" + username + "」已被使用");
                }
            }
            String displayName = cell.check(Column.NAME, () -> Account.checkDisplayName(row.get(Column.NAME)));
            String phone = cell.check(Column.PHONE, () -> Account.checkPhone(row.get(Column.PHONE)));
            String email = cell.check(Column.EMAIL, () -> Account.checkEmail(row.get(Column.EMAIL)));
            Set<Role> roles = roles(cell, row);
            Set<Long> unitIds = units(cell, index, row);
            if (roles != null && unitIds != null) {
                cell.check(Column.UNITS, () -> {
                    Account.checkUnitsFor(roles, unitIds);
                    return null;
                });
            }
            if (problems.size() == before) {
                checked.add(new Checked(row.number(), username, displayName, roles, unitIds, phone, email));
            }
        }
        return checked;
    }

    /** The roles of a cell; null when any is unknown or the combination is not allowed. */
    private static @Nullable Set<Role> roles(Cell cell, AccountWorkbook.Row row) {
        if (row.unreadable().contains(Column.ROLES)) return null;
        String text = row.get(Column.ROLES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        boolean known = true;
        for (String name : RoleNames.split(text)) {
            var role = RoleNames.parse(name);
            if (role.isPresent()) {
                roles.add(role.get());
            } else {
                cell.problem(Column.ROLES, "未知角色「" + name + "」");
                known = false;
            }
        }
        if (!known) return null;
        Object ok = cell.check(Column.ROLES, () -> {
            Account.checkRoles(roles);
            return Boolean.TRUE;
        });
        return ok == null ? null : roles;
    }

    /** The units of a cell; null when any is unknown or ambiguous. */
    private static @Nullable Set<Long> units(Cell cell, UnitReferences.Index index, AccountWorkbook.Row row) {
        if (row.unreadable().contains(Column.UNITS)) return null;
        String text = row.get(Column.UNITS);
        Set<Long> ids = new LinkedHashSet<>();
        boolean known = true;
        for (String name : text.split("[、，,；;\\n]+")) {
            if (name.isBlank()) continue;
            Long id = cell.check(Column.UNITS, () -> index.resolve(name));
            if (id == null) {
                known = false;
            } else {
                ids.add(id);
            }
        }
        return known ? ids : null;
    }

    /** Runs one rule of one cell and turns its violation into a problem of that row and column. */
    private record Cell(AccountWorkbook.Row row, List<Problem> problems) {
        <T> @Nullable T check(Column column, Supplier<T> rule) {
            if (row.unreadable().contains(column)) return null;
            try {
                return rule.get();
            } catch (BusinessRuleViolation violation) {
                problem(column, violation.getMessage());
                return null;
            }
        }

        void problem(Column column, String message) {
            problems.add(new Problem(row.number(), column.header(), message));
        }
    }
}
