package org.xiezuo.security;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.xiezuo.shared.Role;

/**
 * Roles as people write them in account lists and on the command line: the Chinese label (填报员) or the
 * code (REPORTER, any case), several separated by 、 (or ，,；; and spaces). Pure functions.
 */
public final class RoleNames {

    private static final String SEPARATORS = "[、，,；;\\s]+";

    private RoleNames() {}

    /** The role a single name means, if any. */
    public static Optional<Role> parse(String text) {
        String name = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        for (Role role : Role.values()) {
            if (role.label().equals(name) || role.name().equals(name.toUpperCase(Locale.ROOT))) return Optional.of(role);
        }
        return Optional.empty();
    }

    /** The names of a list cell, in order, blanks dropped. */
    public static List<String> split(String cell) {
        List<String> names = new ArrayList<>();
        for (String part : Normalizer.normalize(cell, Normalizer.Form.NFKC).split(SEPARATORS)) {
            if (!part.isBlank()) names.add(part.strip());
        }
        return names;
    }

    /** “系统管理员（ADMIN）、安全管理员（SECURITY_ADMIN）…”, for messages and the template's notes. */
    public static String accepted() {
        List<String> all = new ArrayList<>();
        for (Role role : Role.values()) all.add(role.label() + "（" + role.name() + "）");
        return String.join("、", all);
    }
}
