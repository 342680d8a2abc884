package org.xiezuo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code COMMAND [ARGS] [--option value | --option=value]}. Options with a dot (Spring properties such
 * as {@code --xiezuo.data-dir=DIR}) are passed on to the application context untouched. An option may
 * be repeated ({@code --role A --role B}): {@link #option} answers the last value, {@link #options} all.
 */
record CliArguments(String command, List<String> positional, Map<String, String> options, List<String> springArgs,
                    Map<String, List<String>> repeated) {

    static CliArguments parse(String[] args, java.util.Set<String> flags) {
        String command = args[0];
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> spring = new ArrayList<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                positional.add(arg);
                continue;
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                key = arg.substring(2);
                if (flags.contains(key)) {
                    value = "true";
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    throw new CliException(2, "选项 --" + key + " 缺少取值");
                }
            }
            if (key.contains(".")) {
                spring.add("--" + key + "=" + value);
            }
            options.put(key, value);
            repeated.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new CliArguments(command, positional, options, spring, repeated);
    }

    Optional<String> option(String name) { return Optional.ofNullable(options.get(name)); }

    /** Every value given for a repeatable option, in order; empty when it was not given. */
    List<String> options(String name) { return repeated.getOrDefault(name, List.of()); }

    /** {@code --plan ID}, required: a missing or non-numeric id is exit code 2 with what is wrong. */
    long planId() {
        String text = option("plan").orElseThrow(() -> new CliException(Cli.UNUSABLE_INPUT, "缺少 --plan（任务书编号）"));
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--plan " + text + " 不是任务书编号");
        }
    }

    /** An optional date option ({@code --as-of 2021-11-30}); not a date is exit code 2. */
    java.time.@org.jspecify.annotations.Nullable LocalDate date(String name) {
        return option(name).map(text -> {
            try {
                return java.time.LocalDate.parse(text.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CliException(Cli.UNUSABLE_INPUT, "--" + name + " " + text + " 不是日期（YYYY-MM-DD）");
            }
        }).orElse(null);
    }

    boolean flag(String name) { return Boolean.parseBoolean(options.getOrDefault(name, "false")); }

    String requirePositional(int index, String what) {
        if (positional.size() <= index) throw new CliException(2, "缺少参数：" + what);
        return positional.get(index);
    }
}
