package org.xiezuo.ledger.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.LedgerEntry;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.shared.ExactDecimal;

/**
 * Values as the ledger pages show them: dates as 2021-03-15, exact numbers without trailing zeros, times
 * in China time, personal data only in its masked form (a record never holds more). One instance for
 * every template, as {@code lfmt}.
 */
final class LedgerFormats {

    static final LedgerFormats INSTANCE = new LedgerFormats();
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private LedgerFormats() {}

    /** A column's value of a record as text ("" when empty). */
    public String value(LedgerEntry entry, Column column) {
        return text(entry.value(column.key()));
    }

    public String text(@Nullable Object value) {
        if (value == null) return "";
        if (value instanceof BigDecimal number) return ExactDecimal.format(number);
        if (value instanceof LocalDate date) return date.toString();
        if (value instanceof Boolean flag) return flag ? "是" : "否";
        return value.toString();
    }

    public String time(@Nullable Instant instant) {
        return instant == null ? "—" : MINUTES.format(instant.atZone(CHINA));
    }

    public String date(@Nullable LocalDate day) {
        return day == null ? "—" : DAY.format(day);
    }

    public String number(@Nullable BigDecimal value) {
        return value == null ? "—" : ExactDecimal.format(value);
    }

    /** The columns a listing shows: all but the row number of the spreadsheet. */
    public List<Column> listed(LedgerKind kind) {
        return kind.columns().stream().filter(c -> !"seq".equals(c.key())).toList();
    }

    /** The kind of input a column gets in a form. */
    public String input(Column column) {
        return switch (column.type()) {
            case DATE -> "date";
            case CHOICE, YES_NO -> "select";
            default -> "text";
        };
    }

    /** The options of a choice or 是/否 column. */
    public List<String> options(Column column) {
        return switch (column.type()) {
            case YES_NO -> List.of("是", "否");
            case CHOICE -> column.choices();
            default -> List.of();
        };
    }

    /** What the form says about a column's type, next to the field. */
    public String hint(Column column) {
        if ("unit".equals(column.key())) return "本任务书中的单位名称或简称；留空为填报人所在单位";
        return switch (column.type()) {
            case ID_NUMBER -> "18位居民身份证号码，最后一位可以是X";
            case PHONE -> "11位手机号码";
            case NAME -> "2–30个字";
            case DATE -> "如 2021-03-15";
            case DECIMAL -> "不为负数，可有小数";
            case INTEGER -> "不为负的整数";
            default -> "";
        };
    }

    public boolean personal(Column column) {
        return column.type() == org.xiezuo.ledger.sheet.ColumnType.ID_NUMBER
                || column.type() == org.xiezuo.ledger.sheet.ColumnType.PHONE;
    }

    public String mode(String mode) {
        return "VALID_ONLY".equals(mode) ? "仅导入有效行" : "严格模式";
    }

    public String batchStatus(String status) {
        return switch (status) {
            case "IMPORTED" -> "已导入";
            case "ROLLED_BACK" -> "已回滚";
            case "IMPORTING" -> "导入中";
            default -> status;
        };
    }

    public String jobStatus(String status) {
        return switch (status) {
            case "RUNNING" -> "导入中";
            case "DONE" -> "已完成";
            case "REFUSED" -> "未导入（文件有误）";
            case "FAILED" -> "已中断";
            default -> status;
        };
    }
}
