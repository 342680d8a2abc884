package org.xiezuo.shared;

import java.util.Set;

/**
 * Who performs a command: a signed-in person, a command-line user ({@code cli:<os user>}) or the
 * system itself, with the roles and the units (and their districts) the account is bound to. Built
 * fresh for every request from the account as it is now, so a changed role or unit takes effect at
 * once; never taken from request parameters.
 */
public record Actor(String name, String displayName, Kind kind, Set<Role> roles, Set<Long> unitIds,
                    Set<Long> districtIds) {

    public enum Kind { USER, CLI, SYSTEM }

    public Actor {
        roles = Set.copyOf(roles);
        unitIds = Set.copyOf(unitIds);
        districtIds = Set.copyOf(districtIds);
    }

    public static Actor user(String username, String displayName, Set<Role> roles) {
        return new Actor(username, displayName, Kind.USER, roles, Set.of(), Set.of());
    }

    public static Actor user(String username, String displayName, Set<Role> roles, Set<Long> unitIds,
                             Set<Long> districtIds) {
        return new Actor(username, displayName, Kind.USER, roles, unitIds, districtIds);
    }

    /**
     * The actor of command-line runs, named after the operating-system user. Whoever can run the jar on
     * the server can read its database; the command line acts as the district office for every district.
     */
    public static Actor cli(String osUser) {
        return new Actor("cli:" + osUser, "命令行（" + osUser + "）", Kind.CLI, Set.of(Role.COORDINATOR), Set.of(), Set.of());
    }

    /**
     * The operator's account administration from the command line ({@code user add}): creates the first
     * security administrator, auditor and coordinator on a fresh installation.
     */
    public static Actor cliAdministrator(String osUser) {
        return new Actor("cli:" + osUser, "命令行（" + osUser + "）", Kind.CLI, Set.of(Role.ADMIN), Set.of(), Set.of());
    }

    /** The system itself (start-up tasks, demo data, jobs). */
    public static Actor system() {
        return new Actor("system", "系统", Kind.SYSTEM, Set.of(Role.COORDINATOR), Set.of(), Set.of());
    }

    public boolean hasRole(Role role) { return roles.contains(role); }
}
