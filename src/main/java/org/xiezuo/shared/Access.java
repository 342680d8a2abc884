package org.xiezuo.shared;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * The authorization table: for every role and permission, whether it is allowed everywhere, allowed
 * within the actor's scope, or denied. Every module service asks here before it acts, whatever the
 * entry point (page, API, command line); the web layer's endpoint table maps each endpoint to one of
 * these permissions. Scope: district-level roles (协作办, 领导) reach the districts of the units bound
 * to the account — all districts when none is bound; unit-level roles (部门负责人, 填报员) reach only the
 * units bound to the account.
 */
public final class Access {

    /** What the table says for one role and permission. */
    public enum Decision {
        /** Not allowed. */
        DENY,
        /** Allowed for objects within the actor's scope. */
        SCOPED,
        /** Allowed for every object. */
        ALLOW
    }

    private static final Map<Role, Map<Permission, Decision>> TABLE = new EnumMap<>(Role.class);

    static {
        grant(Role.ADMIN, Decision.ALLOW, Permission.ACCOUNT_MANAGE, Permission.UNIT_EDIT);
        grant(Role.SECURITY_ADMIN, Decision.ALLOW, Permission.ROLE_GRANT, Permission.ACCOUNT_UNLOCK,
                Permission.SECURITY_SETTINGS);
        grant(Role.AUDITOR, Decision.ALLOW, Permission.AUDIT_READ);
        grant(Role.COORDINATOR, Decision.SCOPED, Permission.PLAN_READ, Permission.PLAN_EDIT, Permission.PLAN_IMPORT,
                Permission.UNIT_EDIT, Permission.REPORT_READ, Permission.REPORT_APPROVE, Permission.REPORTING_CONFIGURE,
                Permission.LEDGER_READ, Permission.LEDGER_EDIT, Permission.LEDGER_CONFIGURE, Permission.PI_REVEAL,
                Permission.PI_EXPORT_FULL, Permission.ASSESSMENT_CONFIGURE, Permission.SUPERVISION_MANAGE,
                Permission.DISTRICT_EXPORT);
        grant(Role.LEADER, Decision.SCOPED, Permission.PLAN_READ, Permission.REPORT_READ, Permission.LEDGER_READ,
                Permission.DISTRICT_EXPORT);
        grant(Role.UNIT_HEAD, Decision.SCOPED, Permission.PLAN_READ, Permission.REPORT_READ, Permission.REPORT_EDIT,
                Permission.REPORT_REVIEW_UNIT, Permission.LEDGER_READ, Permission.LEDGER_EDIT, Permission.SUPERVISION_RESPOND);
        grant(Role.REPORTER, Decision.SCOPED, Permission.PLAN_READ, Permission.REPORT_READ, Permission.REPORT_EDIT,
                Permission.LEDGER_READ, Permission.LEDGER_EDIT, Permission.SUPERVISION_RESPOND);
        grant(Role.WEST_CONFIRMER, Decision.DENY);
    }

    private Access() {}

    private static void grant(Role role, Decision decision, Permission... permissions) {
        Map<Permission, Decision> row = TABLE.computeIfAbsent(role, r -> new EnumMap<>(Permission.class));
        for (Permission permission : permissions) row.put(permission, decision);
    }

    /** The table's cell for one role. */
    public static Decision decision(Role role, Permission permission) {
        return TABLE.getOrDefault(role, Map.of()).getOrDefault(permission, Decision.DENY);
    }

    /** The most permissive cell among the actor's roles. */
    public static Decision decision(Actor actor, Permission permission) {
        Decision best = Decision.DENY;
        for (Role role : actor.roles()) {
            Decision d = decision(role, permission);
            if (d.compareTo(best) > 0) best = d;
        }
        return best;
    }

    public static boolean permits(Actor actor, Permission permission) {
        return decision(actor, permission) != Decision.DENY;
    }

    /** Refuses the command when no role of the actor holds the permission (function level, 403). */
    public static void require(Actor actor, Permission permission) {
        if (!permits(actor, permission)) {
            throw new AccessDenied("没有权限执行此操作");
        }
    }

    /** Whether the actor reaches a whole district with this permission (a plan, the district's units). */
    public static boolean reachesDistrict(Actor actor, Permission permission, long districtId) {
        for (Role role : actor.roles()) {
            Decision d = decision(role, permission);
            if (d == Decision.ALLOW) return true;
            if (d == Decision.SCOPED && !role.isUnitScoped()
                    && (actor.districtIds().isEmpty() || actor.districtIds().contains(districtId))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the actor reaches something of a district owned by these units (a task, an indicator):
     * district-level roles by the district, unit-level roles by one of the units.
     */
    public static boolean reaches(Actor actor, Permission permission, long districtId, Collection<Long> unitIds) {
        if (reachesDistrict(actor, permission, districtId)) return true;
        for (Role role : actor.roles()) {
            if (decision(role, permission) == Decision.SCOPED && role.isUnitScoped()
                    && unitIds.stream().anyMatch(actor.unitIds()::contains)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The districts whose objects the actor may see with this permission: empty when every district
     * (an allowed role, or a district-level role bound to no unit), else the districts of its units.
     */
    public static java.util.Optional<java.util.Set<Long>> visibleDistricts(Actor actor, Permission permission) {
        for (Role role : actor.roles()) {
            Decision d = decision(role, permission);
            if (d == Decision.ALLOW || d == Decision.SCOPED && !role.isUnitScoped() && actor.districtIds().isEmpty()) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(permits(actor, permission) ? actor.districtIds() : java.util.Set.of());
    }

    /** Whether the actor sees a district at all: the whole of it, or some of its units. */
    public static boolean seesDistrict(Actor actor, Permission permission, long districtId) {
        if (reachesDistrict(actor, permission, districtId)) return true;
        return actor.roles().stream().anyMatch(r -> decision(r, permission) == Decision.SCOPED && r.isUnitScoped())
                && actor.districtIds().contains(districtId);
    }
}
