package org.xiezuo.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * 等保 8.1.4.1 a) complexity (SECURITY.md §1): at least 10 characters and three of four character
 * classes, at most 128 and never truncated (the hash is Argon2, which takes any length); not a common
 * password; no context word — the user name, district and unit names, place names in pinyin
 * (configurable).
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;

    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnpqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String SYMBOLS = "!@#$%^&*-_=+?";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<String> common;
    private final List<String> contextWords;

    PasswordPolicy(SecuritySettings settings) {
        this.common = load();
        this.contextWords = settings.contextWords().stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Every rule the password breaks, in Chinese; empty when it is acceptable. {@code context} are
     * further words it must not contain (the user's name, the names of its units).
     */
    List<String> problems(String password, String username, Collection<String> context) {
        List<String> problems = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) problems.add("密码至少" + MIN_LENGTH + "个字符");
        if (length > MAX_LENGTH) problems.add("密码最多" + MAX_LENGTH + "个字符");
        int classes = 0;
        if (password.chars().anyMatch(Character::isUpperCase)) classes++;
        if (password.chars().anyMatch(Character::isLowerCase)) classes++;
        if (password.chars().anyMatch(Character::isDigit)) classes++;
        if (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
        if (classes < 3) problems.add("密码须包含大写字母、小写字母、数字、符号中的至少三类");
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) problems.add("密码过于常见，容易被猜中");
        if (!username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) problems.add("密码不能包含用户名");
        List<String> words = new ArrayList<>(contextWords);
        context.stream().filter(w -> w != null && w.length() >= 2).map(w -> w.toLowerCase(Locale.ROOT)).forEach(words::add);
        List<String> found = words.stream().filter(w -> w.length() >= 2 && lower.contains(w)).distinct().toList();
        if (!found.isEmpty()) problems.add("密码不能包含地名、单位名称或系统名称（" + String.join("、", found) + "）");
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

    private static Set<String> load() {
        try (InputStream in = new ClassPathResource("security/common-passwords.txt").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
