package org.xiezuo.ledger.sheet;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads one {@link Cell} for one {@link Column}: the value, or a Chinese message that names the problem
 * so the person can fix that cell. Pure functions, no state.
 *
 * <p>Why strict: a ledger feeds indicators and personal records, so nothing is guessed. Numbers are
 * exact {@link BigDecimal}s from the text the file holds (never through {@code double}); a numeric ID
 * is refused, never repaired (Excel already dropped its last digits); a formula or error cell is refused
 * in every column (nothing is evaluated, cached results are not trusted); a number in a date column is
 * refused rather than read as a day count. A blank cell is {@link Parsed#blank()} unless the column is
 * required, then the message is {@value #REQUIRED}.
 */
public final class CellValues {

    public static final String REQUIRED = "不能为空";
    public static final String FORMULA = "单元格含公式，不予导入";
    public static final String ERROR = "单元格为错误值";
    public static final String NUMERIC_ID = "身份证号为数值格式，已丢失末位：请将该列设置为文本格式后重新填写";
    public static final String FULL_WIDTH = "含全角数字，请改为半角";
    public static final String NEGATIVE = "不能为负数";
    public static final String OUT_OF_RANGE = "数值超出范围";
    public static final String NOT_A_NUMBER = "不是有效数字";
    public static final String NOT_INTEGER = "应为整数";
    public static final String PERCENT_OVER = "百分比不能超过100%";
    public static final String NUMBER_IN_DATE = "日期列为数值，请设置为日期格式或填写文本日期";
    public static final String CONTROL = "含有不可见的控制字符，请删除后重新填写";

    /** Digits before the decimal point (万亿 in 元 has 13) and after it that a ledger number may have. */
    public static final int MAX_INTEGER_DIGITS = 15;
    public static final int MAX_SCALE = 6;
    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2100;

    private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern PLAIN = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern EXPONENT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)[eE][+-]?\\d{1,9}");
    private static final Pattern NUMBERISH = Pattern.compile("[\\d.,+\\-eE]+");
    private static final Pattern DATE_SEPARATED = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern DATE_CHINESE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日?");

    private CellValues() {}

    /** The cell read by its column's type: String, LocalDate, BigDecimal, Long or Boolean. */
    public static Parsed<?> parse(Cell cell, Column column) {
        return switch (column.type()) {
            case TEXT -> text(cell, column);
            case NAME -> name(cell, column);
            case ID_NUMBER -> idNumber(cell, column);
            case PHONE -> phone(cell, column);
            case DATE -> date(cell, column);
            case DECIMAL -> decimal(cell, column);
            case INTEGER -> integer(cell, column);
            case YES_NO -> yesNo(cell, column);
            case CHOICE -> choice(cell, column);
        };
    }

    /** Trimmed text of at most {@link Column#maxLength()} characters; no control characters but line breaks. */
    public static Parsed<String> text(Cell cell, Column column) {
        Parsed<String> early = early(cell, column);
        if (early != null) return early;
        String text = trim(asText(cell)).replace("\r\n", "\n");
        if (text.isEmpty()) return empty(column);
        if (hasControl(text)) return Parsed.error(CONTROL);
        int length = text.codePointCount(0, text.length());
        if (length > column.maxLength()) {
            return Parsed.error("超过" + column.maxLength() + "个字符（现有" + length + "个）");
        }
        return Parsed.ok(text);
    }

    /** A person's name: 2–30 Han characters, parts joined by a middle dot (阿依古丽·买买提); spaces inside are dropped. */
    public static Parsed<String> name(Cell cell, Column column) {
        Parsed<String> early = early(cell, column);
        if (early != null) return early;
        if (cell.kind() != Cell.Kind.TEXT) return Parsed.error("姓名应为汉字（少数民族姓名可用“·”分隔）");
        String name = normaliseName(cell.raw());
        if (name.isEmpty()) return empty(column);
        if (hasControl(name)) return Parsed.error(CONTROL);
        int length = name.codePointCount(0, name.length());
        if (length > 30) return Parsed.error("姓名不能超过30个字（现有" + length + "个）");
        if (!isHanName(name)) return Parsed.error("姓名应为汉字（少数民族姓名可用“·”分隔）");
        if (length < 2) return Parsed.error("姓名至少2个字");
        return Parsed.ok(name);
    }

    /** The trimmed text of an ID; a numeric cell is refused (its last digits are gone). The caller checks the ID itself. */
    public static Parsed<String> idNumber(Cell cell, Column column) {
        Parsed<String> early = early(cell, column);
        if (early != null) return early;
        if (cell.kind() == Cell.Kind.NUMBER || cell.kind() == Cell.Kind.DATE) return Parsed.error(NUMERIC_ID);
        if (cell.kind() != Cell.Kind.TEXT) return Parsed.error("身份证号应为文本");
        String id = trim(cell.raw());
        if (id.isEmpty()) return empty(column);
        if (hasControl(id)) return Parsed.error(CONTROL);
        return Parsed.ok(id);
    }

    /** An 11-digit mobile number starting with 1; a numeric cell with such digits is accepted as its digits. */
    public static Parsed<String> phone(Cell cell, Column column) {
        Parsed<String> early = early(cell, column);
        if (early != null) return early;
        String wrong = "手机号应为11位数字，以1开头";
        if (cell.kind() == Cell.Kind.NUMBER && !cell.percent()) {
            BigDecimal number = exact(cell.raw());
            if (number == null || number.signum() <= 0 || number.precision() - number.scale() != 11) {
                return Parsed.error(wrong);
            }
            try {
                String digits = number.toBigIntegerExact().toString();
                return isMobile(digits) ? Parsed.ok(digits) : Parsed.error(wrong);
            } catch (ArithmeticException e) {
                return Parsed.error(wrong);
            }
        }
        if (cell.kind() != Cell.Kind.TEXT) return Parsed.error(wrong);
        String phone = trim(cell.raw());
        if (phone.isEmpty()) return empty(column);
        if (hasFullWidthDigit(phone)) return Parsed.error(FULL_WIDTH);
        String digits = isMobile(phone) ? phone : removeSpaces(phone).replace("-", "");
        return isMobile(digits) ? Parsed.ok(digits) : Parsed.error(wrong);
    }

    /** A date cell, or text as 2021-03-15, 2021/3/15, 2021.3.15 or 2021年3月15日; a plain number is refused. */
    public static Parsed<LocalDate> date(Cell cell, Column column) {
        Parsed<LocalDate> early = early(cell, column);
        if (early != null) return early;
        String format = "日期格式不正确，应为 2021-03-15、2021/3/15 或 2021年3月15日";
        switch (cell.kind()) {
            case DATE -> {
                LocalDate day = isoDay(cell.raw());
                return day == null ? Parsed.error("不是有效日期") : inRange(day);
            }
            case NUMBER -> {
                return Parsed.error(NUMBER_IN_DATE);
            }
            case TEXT -> {
                String text = trim(cell.raw());
                if (text.isEmpty()) return empty(column);
                if (hasFullWidthDigit(text)) return Parsed.error(FULL_WIDTH);
                Matcher separated = DATE_SEPARATED.matcher(text);
                if (separated.matches()) return date(separated.group(1), separated.group(3), separated.group(4), text);
                Matcher chinese = DATE_CHINESE.matcher(text);
                if (chinese.matches()) return date(chinese.group(1), chinese.group(2), chinese.group(3), text);
                return Parsed.error(format);
            }
            default -> {
                return Parsed.error(format);
            }
        }
    }

    /** A non-negative exact decimal, as written: {@code 1,234.5} is 1234.5, {@code 45%} is 45. */
    public static Parsed<BigDecimal> decimal(Cell cell, Column column) {
        return number(cell, column, false);
    }

    /** A non-negative whole number. */
    public static Parsed<Long> integer(Cell cell, Column column) {
        Parsed<BigDecimal> number = number(cell, column, true);
        BigDecimal value = number.value();
        if (value == null) return number.cast();
        BigDecimal whole = value.scale() == 0 ? value : value.stripTrailingZeros();
        return Parsed.ok(whole.scale() <= 0 ? whole.longValueExact() : whole.setScale(0).longValueExact());
    }

    /** 是 or 否, as text. */
    public static Parsed<Boolean> yesNo(Cell cell, Column column) {
        Parsed<Boolean> early = early(cell, column);
        if (early != null) return early;
        String text = cell.kind() == Cell.Kind.TEXT ? trim(cell.raw()) : "";
        if (cell.kind() == Cell.Kind.TEXT && text.isEmpty()) return empty(column);
        return switch (text) {
            case "是" -> Parsed.ok(Boolean.TRUE);
            case "否" -> Parsed.ok(Boolean.FALSE);
            default -> Parsed.error("应填写“是”或“否”");
        };
    }

    /** One of the column's choices, as the template spells it (full-width and spacing differences tolerated). */
    public static Parsed<String> choice(Cell cell, Column column) {
        Parsed<String> early = early(cell, column);
        if (early != null) return early;
        String text = trim(asText(cell));
        if (text.isEmpty()) return empty(column);
        for (String choice : column.choices()) {
            if (choice.equals(text)) return Parsed.ok(choice);
        }
        String normalised = HeaderText.normalise(text);
        for (String choice : column.choices()) {
            if (HeaderText.normalise(choice).equals(normalised)) return Parsed.ok(choice);
        }
        List<String> choices = column.choices();
        String listed = choices.size() <= 10 ? String.join("、", choices)
                : String.join("、", choices.subList(0, 10)) + "等" + choices.size() + "项";
        return Parsed.error("应为以下之一：" + listed);
    }

    // ---- shared steps

    /** The outcome for formula, error and blank cells, or null to go on reading the value. */
    private static <T> @Nullable Parsed<T> early(Cell cell, Column column) {
        return switch (cell.kind()) {
            case FORMULA -> Parsed.error(FORMULA);
            case ERROR -> Parsed.error(ERROR);
            case BLANK -> empty(column);
            default -> null;
        };
    }

    private static <T> Parsed<T> empty(Column column) {
        return column.required() ? Parsed.error(REQUIRED) : Parsed.blank();
    }

    private static Parsed<BigDecimal> number(Cell cell, Column column, boolean whole) {
        Parsed<BigDecimal> early = early(cell, column);
        if (early != null) return early;
        BigDecimal value;
        boolean percent = false;
        switch (cell.kind()) {
            case NUMBER -> {
                value = exact(cell.raw());
                if (value == null) return Parsed.error(NOT_A_NUMBER);
                if (cell.percent()) {
                    value = value.movePointRight(2);
                    percent = true;
                }
            }
            case DATE -> {
                return Parsed.error("数值列为日期格式，请将单元格设置为常规或数值格式");
            }
            case TEXT -> {
                String text = trim(cell.raw());
                if (text.isEmpty()) return empty(column);
                if (hasFullWidthDigit(text)) return Parsed.error(FULL_WIDTH);
                if (text.endsWith("%") || text.endsWith("％")) {
                    percent = true;
                    text = trim(text.substring(0, text.length() - 1));
                }
                if (text.length() > 64) {
                    return Parsed.error(NUMBERISH.matcher(text).matches() ? OUT_OF_RANGE : NOT_A_NUMBER);
                }
                if (GROUPED.matcher(text).matches()) text = text.replace(",", "");
                if (!PLAIN.matcher(text).matches() && !EXPONENT.matcher(text).matches()) {
                    return Parsed.error(NOT_A_NUMBER);
                }
                value = exact(text);
                if (value == null) return Parsed.error(NOT_A_NUMBER);
            }
            default -> {
                return Parsed.error(NOT_A_NUMBER);
            }
        }
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) return Parsed.error(OUT_OF_RANGE);
        if (value.signum() < 0) return Parsed.error(NEGATIVE);
        if (percent && value.compareTo(BigDecimal.valueOf(100)) > 0) return Parsed.error(PERCENT_OVER);
        int scale = value.scale() <= 0 || value.signum() == 0 ? 0
                : value.scale() <= MAX_SCALE && !whole ? value.scale() : value.stripTrailingZeros().scale();
        if (whole && scale > 0) return Parsed.error(NOT_INTEGER);
        if (scale > MAX_SCALE) return Parsed.error("小数位数过多（最多" + MAX_SCALE + "位）");
        return Parsed.ok(value.signum() == 0 && value.scale() < 0 ? BigDecimal.ZERO : value);
    }

    /** The exact value of a number's text, or null; {@code -0} is 0. */
    private static @Nullable BigDecimal exact(String text) {
        try {
            BigDecimal value = new BigDecimal(text.strip());
            return value.signum() == 0 ? value.abs() : value;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** The day of an ISO date or date-time ({@code 2021-03-15}, {@code 2021-03-15T08:30}), or null. */
    private static @Nullable LocalDate isoDay(String iso) {
        if (iso.length() < 10 || iso.charAt(4) != '-' || iso.charAt(7) != '-') return null;
        int year = digits(iso, 0, 4);
        int month = digits(iso, 5, 7);
        int day = digits(iso, 8, 10);
        if (year < 0 || month < 0 || day < 0) return null;
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Parsed<LocalDate> date(String year, String month, String day, String text) {
        try {
            return inRange(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)));
        } catch (DateTimeException e) {
            return Parsed.error("日期不存在：" + text);
        }
    }

    private static Parsed<LocalDate> inRange(LocalDate date) {
        if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
            return Parsed.error("日期超出范围（" + MIN_YEAR + "年至" + MAX_YEAR + "年）");
        }
        return Parsed.ok(date);
    }

    /** A cell's content as text: numbers plainly written (no exponent), booleans as Excel shows them. */
    private static String asText(Cell cell) {
        return switch (cell.kind()) {
            case NUMBER -> {
                BigDecimal value = exact(cell.raw());
                yield value == null || value.precision() - value.scale() > 64 ? cell.raw()
                        : value.stripTrailingZeros().toPlainString();
            }
            case BOOLEAN -> "1".equals(cell.raw()) || "true".equalsIgnoreCase(cell.raw()) ? "TRUE" : "FALSE";
            default -> cell.raw();
        };
    }

    /** A name without spaces and with every middle-dot look-alike as {@code ·}; the same string when nothing changes. */
    private static String normaliseName(String raw) {
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            char mapped = c == '•' || c == '・' || c == '‧' || c == '．' || c == '.' ? '·' : c;
            boolean drop = isSpace(c);
            if (out == null && (drop || mapped != c)) out = new StringBuilder(raw.length()).append(raw, 0, i);
            if (out != null && !drop) out.append(mapped);
        }
        return out == null ? raw : out.toString();
    }

    /** Han characters in parts joined by single middle dots: 张三, 阿依古丽·买买提. */
    private static boolean isHanName(String name) {
        boolean afterHan = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '·') {
                if (!afterHan) return false;
                afterHan = false;
            } else if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                afterHan = true;
            } else {
                return false;
            }
            i += Character.charCount(cp);
        }
        return afterHan;
    }

    private static boolean isMobile(String digits) {
        if (digits.length() != 11 || digits.charAt(0) != '1') return false;
        for (int i = 1; i < 11; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Strips whitespace of every kind at both ends: also no-break, ideographic and zero-width spaces. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) start++;
        while (end > start && isSpace(text.charAt(end - 1))) end--;
        return text.substring(start, end);
    }

    private static String removeSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isSpace(c)) out.append(c);
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200b' || c == '\ufeff';
    }

    private static boolean hasFullWidthDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '０' && c <= '９') return true;
        }
        return false;
    }

    /** C0 and C1 controls but the line break, and the bidirectional overrides that reorder what is shown. */
    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f || c >= '\u202a' && c <= '\u202e'
                    || c >= '\u2066' && c <= '\u2069') {
                return true;
            }
        }
        return false;
    }
}
