package org.xiezuo.ledger.sheet;

import java.time.LocalDate;
import java.time.LocalDateTime;

import org.apache.poi.ss.usermodel.DateUtil;
import org.jspecify.annotations.Nullable;

/**
 * Excel date serials as ISO-8601 text. Whole days after the fictitious 1900-02-29 (serial 60) are a
 * subtraction from the epoch day, which is most of the cells of a ledger; everything else (times of
 * day, the first two months of 1900) goes through POI's {@link DateUtil}. The same both ways: the
 * serial of a date or date-time for an export (1900 date system).
 */
final class ExcelDates {

    /** The serial of 1970-01-01 in the 1900 and in the 1904 date system. */
    private static final int EPOCH_1900 = 25_569;
    private static final int EPOCH_1904 = 24_107;
    /** 9999-12-31, the last day Excel knows. */
    private static final int LAST_SERIAL = 2_958_465;

    private ExcelDates() {}

    /** {@code "2021-03-15"}, or {@code "2021-03-15T10:30"} with a time of day; null when the serial is no date. */
    static @Nullable String iso(String serial, boolean date1904) {
        int days = SheetHandler.parseIndex(serial);
        if (days > 60 && days <= LAST_SERIAL - (date1904 ? 1462 : 0)) {
            return LocalDate.ofEpochDay(days - (long) (date1904 ? EPOCH_1904 : EPOCH_1900)).toString();
        }
        double value;
        try {
            value = Double.parseDouble(serial);
        } catch (NumberFormatException e) {
            return null;
        }
        if (!DateUtil.isValidExcelDate(value)) return null;
        LocalDateTime time = DateUtil.getLocalDateTime(value, date1904, true);
        if (time == null) return null;
        return time.toLocalTime().toSecondOfDay() == 0 && time.getNano() == 0
                ? time.toLocalDate().toString() : time.toString();
    }

    /** The serial of a date in the 1900 date system, as POI's {@code DateUtil.getExcelDate} computes it (-1 before 1900). */
    static double serial(LocalDate date) {
        long days = date.toEpochDay() + EPOCH_1900;
        if (days > 60 && days <= LAST_SERIAL) return days;
        return DateUtil.getExcelDate(date.atStartOfDay());
    }

    /** The serial of a date-time in the 1900 date system (whole days plus the fraction of the day). */
    static double serial(LocalDateTime time) {
        long days = time.toLocalDate().toEpochDay() + EPOCH_1900;
        if (days > 60 && days <= LAST_SERIAL && time.toLocalTime().toNanoOfDay() == 0) return days;
        return DateUtil.getExcelDate(time);
    }
}
