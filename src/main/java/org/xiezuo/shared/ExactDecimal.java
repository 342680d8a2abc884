package org.xiezuo.shared;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads numbers as people type and print them — full-width digits, thousands separators, stray
 * spaces — into exact {@link BigDecimal}s. Never goes through {@code double}.
 */
public final class ExactDecimal {

    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern PLAIN = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private ExactDecimal() {}

    /** The exact value of {@code text}, or empty when it is not a plain number. */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null) return Optional.empty();
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .replace('，', ',').replace('。', '.').replace('－', '-').replace('−', '-')
                .replaceAll("\\s+", "");
        if (s.isEmpty()) return Optional.empty();
        if (GROUPED.matcher(s).matches()) s = s.replace(",", "");
        if (!PLAIN.matcher(s).matches()) return Optional.empty();
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        return Optional.of(normalise(new BigDecimal(s)));
    }

    /** Drops trailing zeros a database column adds (1400.000000 → 1400, 0.300000 → 0.3). */
    public static BigDecimal normalise(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Plain text of a value without exponent and without trailing zeros. */
    public static String format(BigDecimal value) {
        return normalise(value).toPlainString();
    }
}
