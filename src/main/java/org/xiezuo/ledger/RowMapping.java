package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.xiezuo.ledger.personal.ChineseIds;
import org.xiezuo.ledger.personal.PersonNames;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.ledger.personal.Phones;
import org.xiezuo.ledger.sheet.Column;

/**
 * Turns the parsed values of one row (by column key: String, LocalDate, BigDecimal, Boolean) into an
 * {@link EntryDraft}, applying the checks that span fields or need the plan: ID number, phone and name
 * rules, end not before start, "of which" not above the total, the unit, the place category of an
 * employment spell, the duration of a dispatch. Every problem goes to the sink with the row number and
 * the column it concerns; a row with a problem yields no draft.
 */
final class RowMapping {

    /** What the mapping needs from the plan and the importing account. */
    interface Context {
        /** The unit of the plan with this name or alias, or null when it names none. */
        @Nullable Long unitNamed(String name);

        /** The unit a row without 填报单位 is credited to (the account's only unit), or null. */
        @Nullable Long defaultUnit();

        /** Why the account may not enter records for this unit, or null when it may. */
        @Nullable String outOfScope(long unitId);

        @Nullable String eastProvince();

        @Nullable String westProvince();

        LocalDate today();

        PersonalData personalData();
    }

    static final String EAST = "到我省";
    static final String LOCAL = "当地就近";
    static final String OTHER = "其他地区";

    private static final BigDecimal WAN = new BigDecimal("10000");

    private final LedgerKind kind;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Context context;
    private final String eastProvince;
    private final String westProvince;

    RowMapping(LedgerKind kind, Context context) {
        this.kind = kind;
        this.context = context;
        this.eastProvince = Provinces.normalise(context.eastProvince());
        this.westProvince = Provinces.normalise(context.westProvince());
        for (Column column : kind.columns()) columns.put(column.key(), column);
    }

    /** The draft of a row whose every value parsed, or null with the problems sent to {@code problems}. */
    @Nullable EntryDraft map(int row, Map<String, @Nullable Object> values, Consumer<RowProblem> problems) {
        Row r = new Row(row, values, problems);
        EntryDraft draft = switch (kind) {
            case EMPLOYMENT -> employment(r);
            case DISPATCH -> dispatch(r);
            case TRAINING -> training(r);
            case DONATION -> donation(r);
            case CONSUMPTION -> consumption(r);
            case PAIRING -> pairing(r);
            case INVESTMENT -> investment(r);
            case PARK -> park(r);
            case WORKSHOP -> workshop(r);
            case VILLAGE -> village(r);
        };
        return r.failed ? null : draft;
    }

    // ------------------------------------------------------------------ kinds

    private @Nullable EntryDraft employment(Row r) {
        EntryDraft.Person person = person(r);
        String province = Provinces.normalise(r.text("province"));
        LocalDate start = r.date("startDate");
        LocalDate end = r.optionalDate("endDate");
        r.notBefore("endDate", end, start);
        r.notFuture("startDate", start);
        Long unit = r.unit("unit");
        boolean poor = r.bool("poor");
        String employer = r.text("employer");
        if (r.failed || person == null) return null;
        Digest key = digest(person.idHash(), province, start.toString());
        Digest facts = digest(employer, String.valueOf(end), String.valueOf(poor), person.name());
        return new EntryDraft(r.row, key, facts, person, unit, placeCategory(province), null, province, start, end, null,
                null, null, null, null, null, null, null, null, poor,
                details("employer", employer, "remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft dispatch(Row r) {
        EntryDraft.Person person = person(r);
        LocalDate start = r.date("startDate");
        LocalDate planned = r.date("plannedEnd");
        LocalDate actual = r.optionalDate("actualEnd");
        r.notBefore("plannedEnd", planned, start);
        r.notBefore("actualEnd", actual, start);
        Long unit = r.unit("unit");
        String sending = r.text("sendingUnit");
        String receiving = r.text("receivingUnit");
        String profession = r.optionalText("profession");
        if (r.failed || person == null) return null;
        int months = months(start, actual != null ? actual : planned);
        Digest key = digest(person.idHash(), start.toString());
        Digest facts = digest(sending, receiving, String.valueOf(profession), planned.toString(), String.valueOf(actual), person.name());
        return new EntryDraft(r.row, key, facts, person, unit, null, receiving, null, start, actual, planned, months,
                null, null, null, null, null, null, null, null,
                details("sendingUnit", sending, "profession", profession, "receivingUnit", receiving,
                        "remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft training(Row r) {
        LocalDate date = r.date("date");
        r.notFuture("date", date);
        String title = r.text("title");
        String organiser = r.text("organiser");
        String category = r.text("category");
        Integer headcount = r.integer("headcount");
        Integer poorHeadcount = r.optionalInteger("poorHeadcount");
        Integer times = r.integer("personTimes");
        Integer poorTimes = r.optionalInteger("poorPersonTimes");
        r.ofWhich("poorHeadcount", poorHeadcount, headcount);
        r.ofWhich("poorPersonTimes", poorTimes, times);
        r.ofWhich("headcount", headcount, times);
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(date.toString(), title, organiser, category);
        Digest facts = digest(String.valueOf(headcount), String.valueOf(poorHeadcount), String.valueOf(times), String.valueOf(poorTimes));
        return new EntryDraft(r.row, key, facts, null, unit, category, title, null, date, null, null, null,
                null, null, null, headcount, poorHeadcount, times, poorTimes, null,
                details("organiser", organiser, "remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft donation(Row r) {
        LocalDate date = r.date("date");
        r.notFuture("date", date);
        String donor = r.text("donor");
        String form = r.text("category");
        BigDecimal amount = r.decimal("amount");
        String unitOfAmount = r.text("amountUnit");
        String recipient = r.text("recipient");
        String receipt = r.optionalText("receipt");
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = receipt != null ? digest("receipt", receipt) : digest(date.toString(), donor, recipient, amount.toPlainString(), unitOfAmount);
        Digest facts = digest(date.toString(), donor, form, amount.toPlainString(), unitOfAmount, recipient, String.valueOf(unit));
        return new EntryDraft(r.row, key, facts, null, unit, form, donor, null, date, null, null, null,
                amount, unitOfAmount, yuan(amount, unitOfAmount), null, null, null, null, null,
                details("recipient", recipient, "receipt", receipt, "remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft consumption(Row r) {
        LocalDate date = r.date("date");
        r.notFuture("date", date);
        String buyer = r.text("buyer");
        String channel = r.text("category");
        String product = r.text("product");
        BigDecimal amount = r.decimal("amount");
        String unitOfAmount = r.text("amountUnit");
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(date.toString(), buyer, channel, product, amount.toPlainString(), unitOfAmount);
        return new EntryDraft(r.row, key, digest(String.valueOf(unit)), null, unit, channel, buyer, null, date, null, null, null,
                amount, unitOfAmount, yuan(amount, unitOfAmount), null, null, null, null, null,
                details("product", product, "remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft pairing(Row r) {
        String type = r.text("category");
        String east = r.text("eastParty");
        String west = r.text("westParty");
        LocalDate start = r.date("startDate");
        LocalDate end = r.optionalDate("endDate");
        r.notBefore("endDate", end, start);
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(type, east, west, start.toString());
        return new EntryDraft(r.row, key, digest(String.valueOf(end), String.valueOf(unit)), null, unit, type, east, null, start, end,
                null, null, null, null, null, null, null, null, null, null,
                details("westParty", west, "remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft investment(Row r) {
        String enterprise = r.text("enterprise");
        BigDecimal amount = r.decimal("amount");
        String unitOfAmount = r.text("amountUnit");
        LocalDate date = r.date("date");
        r.notFuture("date", date);
        String park = r.optionalText("park");
        Integer jobs = r.optionalInteger("jobs");
        Integer poorJobs = r.optionalInteger("poorJobs");
        r.ofWhich("poorJobs", poorJobs, jobs);
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(enterprise, date.toString(), amount.toPlainString(), unitOfAmount);
        Digest facts = digest(String.valueOf(park), String.valueOf(jobs), String.valueOf(poorJobs), String.valueOf(unit));
        return new EntryDraft(r.row, key, facts, null, unit, null, enterprise, park, date, null, null, null,
                amount, unitOfAmount, yuan(amount, unitOfAmount), jobs, poorJobs, null, null, park != null,
                details("remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft park(Row r) {
        String name = r.text("name");
        String category = r.text("category");
        LocalDate start = r.date("startDate");
        LocalDate end = r.optionalDate("endDate");
        r.notBefore("endDate", end, start);
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(category, name);
        return new EntryDraft(r.row, key, digest(start.toString(), String.valueOf(end), String.valueOf(unit)), null, unit, category, name,
                null, start, end, null, null, null, null, null, null, null, null, null, null,
                details("remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft workshop(Row r) {
        String name = r.text("name");
        LocalDate start = r.date("startDate");
        LocalDate end = r.optionalDate("endDate");
        r.notBefore("endDate", end, start);
        Integer jobs = r.optionalInteger("jobs");
        Integer poorJobs = r.optionalInteger("poorJobs");
        r.ofWhich("poorJobs", poorJobs, jobs);
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(name);
        Digest facts = digest(start.toString(), String.valueOf(end), String.valueOf(jobs), String.valueOf(poorJobs), String.valueOf(unit));
        return new EntryDraft(r.row, key, facts, null, unit, null, name, null, start, end, null, null,
                null, null, null, jobs, poorJobs, null, null, null,
                details("remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    private @Nullable EntryDraft village(Row r) {
        String name = r.text("name");
        String town = r.optionalText("town");
        LocalDate start = r.date("startDate");
        Long unit = r.unit("unit");
        if (r.failed) return null;
        Digest key = digest(name, String.valueOf(town));
        return new EntryDraft(r.row, key, digest(start.toString(), String.valueOf(unit)), null, unit, null, name, town, start, null,
                null, null, null, null, null, null, null, null, null, null,
                details("remark", r.optionalText("remark"), "seq", r.optionalText("seq")));
    }

    // ------------------------------------------------------------------ shared rules

    private EntryDraft.@Nullable Person person(Row r) {
        String rawName = r.text("name");
        String rawId = r.text("idNumber");
        String rawPhone = r.optionalText("phone");
        String name = null;
        if (rawName != null) {
            var check = PersonNames.check(rawName);
            if (check.ok()) name = check.value(); else r.problem("name", check.message());
        }
        String id = null;
        if (rawId != null) {
            var check = ChineseIds.check(rawId, context.today());
            if (check.ok()) id = check.value(); else r.problem("idNumber", check.message());
        }
        String phone = null;
        if (rawPhone != null) {
            var check = Phones.check(rawPhone);
            if (check.ok()) phone = check.value(); else r.problem("phone", check.message());
        }
        if (name == null || id == null || r.failed) return null;
        return new EntryDraft.Person(context.personalData(), id, phone, name); // sealed when a new person is written
    }

    /** 到我省 for the plan's eastern province, 当地就近 for the western one, 其他地区 for any other. */
    String placeCategory(String province) {
        if (province.equals(eastProvince)) return EAST;
        if (province.equals(westProvince)) return LOCAL;
        return OTHER;
    }

    /** Whole calendar months from the first to the last day of service, both days counted. */
    static int months(LocalDate start, LocalDate end) {
        return (int) ChronoUnit.MONTHS.between(start, end.plusDays(1));
    }

    static BigDecimal yuan(BigDecimal amount, String unit) {
        return "万元".equals(unit) ? amount.multiply(WAN) : amount;
    }

    /** One SHA-256 per thread (a provider look-up per key showed in the import's profile); digest() resets it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /**
     * A natural key or facts hash as stored — the SHA-256 over the UTF-8 of each part followed by 0x1f,
     * as 64 lower-case hex digits — with its first 16 bytes, big-endian, in two longs: what
     * {@link KeyTable#pack} makes of the text, taken from the digest, so that the import's de-duplication
     * does not parse the text back (which showed in the taking thread's profile).
     */
    record Digest(String hex, long high, long low) {}

    static Digest digest(@Nullable String... parts) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        for (String part : parts) part(sha, part);
        return digest(sha);
    }

    /**
     * A key whose first part is the lower-case hex text of {@code hexPart} (a person's blind index): the
     * same digest as {@code digest(HexFormat.of().formatHex(hexPart), parts…)}, the hex digits fed to it
     * as bytes without making a String of them (the UTF-8 of hex digits is the digits themselves).
     */
    static Digest digest(byte[] hexPart, @Nullable String... parts) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        byte[] digits = hexDigits(hexPart, 1);
        digits[digits.length - 1] = 0x1f;
        sha.update(digits);
        for (String part : parts) part(sha, part);
        return digest(sha);
    }

    private static void part(MessageDigest sha, @Nullable String part) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x1f);
    }

    private static Digest digest(MessageDigest sha) {
        byte[] digest = sha.digest();
        return new Digest(hex(digest), KeyTable.high(digest), KeyTable.low(digest));
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Lower-case hex, as {@code HexFormat.of().formatHex}, straight into a Latin-1 String. */
    static String hex(byte[] bytes) {
        return new String(hexDigits(bytes, 0), StandardCharsets.ISO_8859_1);
    }

    /** The lower-case hex digits of the bytes as ASCII, with {@code spare} bytes left at the end. */
    private static byte[] hexDigits(byte[] bytes, int spare) {
        byte[] digits = new byte[bytes.length * 2 + spare];
        for (int i = 0; i < bytes.length; i++) {
            digits[2 * i] = HEX_DIGITS[bytes[i] >> 4 & 0xf];
            digits[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
        }
        return digits;
    }

    /** The details JSON of name, value pairs (distinct names), a null value left out. */
    private static String details(@Nullable String... pairs) {
        return EntryDetails.write(pairs);
    }

    /**
     * {@code text.strip()}: the text itself when its first and last characters are plainly no whitespace,
     * else {@link String#strip}. A cell's text is already trimmed, so this is nearly every text of an import,
     * and looking up the Unicode class of both ends of each Chinese text showed in the checking thread's profile.
     */
    static String stripped(String text) {
        int last = text.length() - 1;
        if (last >= 0 && plainlyNoWhitespace(text.charAt(0)) && plainlyNoWhitespace(text.charAt(last))) return text;
        return text.strip();
    }

    /**
     * A character {@link Character#isWhitespace} is false for, by its range alone: above the space and below
     * U+1680 (the first space separator past U+00A0, which as a no-break space is no whitespace), or above
     * U+3000 (the ideographic space, the last whitespace of all). A surrogate is never part of whitespace.
     */
    private static boolean plainlyNoWhitespace(char c) {
        return c > ' ' && c < '\u1680' || c > '\u3000';
    }

    /** One row's values with the checks that report a problem and remember that the row failed. */
    private final class Row {
        final int row;
        final Map<String, @Nullable Object> values;
        final Consumer<RowProblem> sink;
        boolean failed;

        Row(int row, Map<String, @Nullable Object> values, Consumer<RowProblem> sink) {
            this.row = row;
            this.values = values;
            this.sink = sink;
        }

        void problem(String key, String message) {
            Column column = columns.get(key);
            sink.accept(new RowProblem(row, column == null ? null : column.header(), null, message));
            failed = true;
        }

        @Nullable Object value(String key) { return values.get(key); }

        /** A required text: a blank one is a problem and yields null. */
        @Nullable String text(String key) {
            String text = optionalText(key);
            if (text == null) problem(key, "不能为空");
            return text;
        }

        @Nullable String optionalText(String key) {
            Object value = value(key);
            if (value == null) return null;
            String text = stripped(value.toString());
            return text.isEmpty() ? null : text;
        }

        @Nullable LocalDate date(String key) {
            LocalDate date = optionalDate(key);
            if (date == null && value(key) == null) problem(key, "不能为空");
            return date;
        }

        @Nullable LocalDate optionalDate(String key) {
            return value(key) instanceof LocalDate date ? date : null;
        }

        @Nullable BigDecimal decimal(String key) {
            Object value = value(key);
            if (value instanceof BigDecimal decimal) return decimal;
            problem(key, "不能为空");
            return null;
        }

        @Nullable Integer integer(String key) {
            Integer value = optionalInteger(key);
            if (value == null) problem(key, "不能为空");
            return value;
        }

        @Nullable Integer optionalInteger(String key) {
            Object value = value(key);
            if (value instanceof BigDecimal decimal) {
                try {
                    return decimal.intValueExact();
                } catch (ArithmeticException e) {
                    problem(key, "应为不超过" + Integer.MAX_VALUE + "的整数");
                }
            } else if (value instanceof Number number) {
                if (number.longValue() > Integer.MAX_VALUE) {
                    problem(key, "应为不超过" + Integer.MAX_VALUE + "的整数");
                    return null;
                }
                return number.intValue();
            }
            return null;
        }

        boolean bool(String key) {
            Object value = value(key);
            if (value instanceof Boolean b) return b;
            problem(key, "不能为空，请填写“是”或“否”");
            return false;
        }

        @Nullable Long unit(String key) {
            String name = optionalText(key);
            if (name == null) return context.defaultUnit();
            Long unit = context.unitNamed(name);
            if (unit == null) {
                problem(key, "“" + name + "”不是本任务书的责任单位");
                return null;
            }
            String refusal = context.outOfScope(unit);
            if (refusal != null) problem(key, refusal);
            return unit;
        }

        void notBefore(String key, @Nullable LocalDate end, @Nullable LocalDate start) {
            if (end != null && start != null && end.isBefore(start)) {
                problem(key, "结束日期" + end + "早于开始日期" + start);
            }
        }

        void notFuture(String key, @Nullable LocalDate date) {
            if (date != null && date.isAfter(context.today())) problem(key, "日期" + date + "晚于今天");
        }

        void ofWhich(String key, @Nullable Integer part, @Nullable Integer whole) {
            if (part != null && whole != null && part > whole) {
                Column column = columns.get(key);
                problem(key, (column == null ? "其中数" : column.header()) + "（" + part + "）大于总数（" + whole + "）");
            }
        }
    }

    static List<String> placeCategories() {
        return List.of(EAST, LOCAL, OTHER);
    }
}
