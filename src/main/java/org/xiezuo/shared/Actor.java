package org.xiezuo.shared;

import java.util.Set;

/**
 * Who performs a command: a signed-in person, a command-line user ({@code cli:<os user>}) or the
 * system itself. Comes from the security module, never from request parameters.
 */
public record Actor(String name, String displayName, Kind kind, Set<Role> roles) {

    public enum Kind { USER, CLI, SYSTEM }

    public Actor {
        roles = Set.copyOf(roles);
    }

    public static Actor user(String username, String displayName, Set<Role> roles) {
        return new Actor(username, displayName, Kind.USER, roles);
    }

    /** The actor of command-line runs, named after the operating-system user. */
    public static Actor cli(String osUser) {
        return new Actor("cli:" + osUser, "命令行（" + osUser + "）", Kind.CLI, Set.of(Role.ADMIN, Role.COORDINATOR));
    }

    public static Actor system() {
        return new Actor("system", "系统", Kind.SYSTEM, Set.of(Role.ADMIN, Role.COORDINATOR));
    }

    public boolean hasRole(Role role) { return roles.contains(role); }
}
