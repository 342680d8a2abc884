package org.xiezuo.shared;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The authorization table: which role holds which permission. Every module service asks here before
 * it acts, whatever the entry point (web page, API, command line). Unit scope joins this table with the
 * access-control issue.
 */
public final class Access {

    private static final Map<Role, Set<Permission>> GRANTS = new EnumMap<>(Role.class);

    static {
        // Until duties are separated (access-control issue), the bootstrap administrator runs plans too.
        GRANTS.put(Role.ADMIN, EnumSet.allOf(Permission.class));
        GRANTS.put(Role.COORDINATOR, EnumSet.allOf(Permission.class));
    }

    private Access() {}

    public static boolean permits(Actor actor, Permission permission) {
        return actor.roles().stream().anyMatch(role -> GRANTS.getOrDefault(role, Set.of()).contains(permission));
    }

    public static void require(Actor actor, Permission permission) {
        if (!permits(actor, permission)) {
            throw new AccessDenied("没有权限执行此操作");
        }
    }
}
