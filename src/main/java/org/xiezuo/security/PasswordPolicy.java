package org.xiezuo.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * 等保 8.1.4.1 a) complexity: at least 10 characters, three of four character classes, not a common
 * password, not the user name. Up to 128 characters, never truncated.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;

    private static final Set<String> COMMON = Set.of("password", "passw0rd", "p@ssw0rd", "12345678", "123456789",
            "1234567890", "qwertyuiop", "admin123", "admin@123", "abc123456", "woaini1314", "putuo", "zhoushan",
            "wanyuan", "xiezuo", "dongxibu", "zhejiang", "sichuan");
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!@#$%^&*-_=+?";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordPolicy() {}

    /** Every rule the password breaks, in Chinese; empty when it is acceptable. */
    static List<String> problems(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (password.length() < MIN_LENGTH) problems.add("密码至少" + MIN_LENGTH + "个字符");
        if (password.length() > MAX_LENGTH) problems.add("密码最多" + MAX_LENGTH + "个字符");
        int classes = 0;
        if (password.chars().anyMatch(Character::isUpperCase)) classes++;
        if (password.chars().anyMatch(Character::isLowerCase)) classes++;
        if (password.chars().anyMatch(Character::isDigit)) classes++;
        if (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
        if (classes < 3) problems.add("密码须包含大写字母、小写字母、数字、符号中的至少三类");
        String lower = password.toLowerCase(Locale.ROOT);
        if (!username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) problems.add("密码不能包含用户名");
        if (COMMON.stream().anyMatch(lower::contains)) problems.add("密码包含常见词或地名，容易被猜中");
        return problems;
    }

    /** A random password of 16 characters that satisfies the policy. */
    static String generate() {
        String all = UPPER + LOWER + DIGITS + SYMBOLS;
        StringBuilder password = new StringBuilder();
        password.append(UPPER.charAt(RANDOM.nextInt(UPPER.length())));
        password.append(LOWER.charAt(RANDOM.nextInt(LOWER.length())));
        password.append(DIGITS.charAt(RANDOM.nextInt(DIGITS.length())));
        password.append(SYMBOLS.charAt(RANDOM.nextInt(SYMBOLS.length())));
        while (password.length() < 16) password.append(all.charAt(RANDOM.nextInt(all.length())));
        for (int i = password.length() - 1; i > 0; i--) {
            int j = RANDOM.nextInt(i + 1);
            char c = password.charAt(i);
            password.setCharAt(i, password.charAt(j));
            password.setCharAt(j, c);
        }
        return password.toString();
    }
}
