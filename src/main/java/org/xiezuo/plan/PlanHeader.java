package org.xiezuo.plan;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xiezuo.shared.BusinessRuleViolation;

/**
 * What the notice says about the plan, plus the assessment year. Validated on construction; blank
 * optional texts become null.
 */
public record PlanHeader(String programme, String title, @Nullable String noticeTitle, int year,
                         @Nullable String eastRegion, @Nullable String westRegion,
                         @Nullable String eastProvince, @Nullable String westProvince,
                         @Nullable String documentNumber, @Nullable String issuer, @Nullable LocalDate issuedOn,
                         LocalDate assessmentStart, LocalDate assessmentEnd) {

    public PlanHeader {
        programme = programme == null || programme.isBlank() ? "东西部协作" : programme.strip();
        title = title == null ? "" : title.strip();
        noticeTitle = blankToNull(noticeTitle);
        eastRegion = blankToNull(eastRegion);
        westRegion = blankToNull(westRegion);
        eastProvince = blankToNull(eastProvince);
        westProvince = blankToNull(westProvince);
        documentNumber = documentNumber == null ? null : blankToNull(normaliseDocumentNumber(documentNumber));
        issuer = blankToNull(issuer);
        List<String> problems = new ArrayList<>();
        if (title.isEmpty()) problems.add("任务书标题不能为空");
        if (title.length() > 200) problems.add("任务书标题最多200个字");
        if (year < 2000 || year > 2100) problems.add("年度应在2000至2100之间");
        if (assessmentStart == null || assessmentEnd == null) {
            problems.add("考核起止日期不能为空");
        } else if (!assessmentStart.isBefore(assessmentEnd)) {
            problems.add("考核开始日期应早于结束日期");
        } else if (ChronoUnit.DAYS.between(assessmentStart, assessmentEnd) > 731) {
            problems.add("考核期不能超过两年");
        }
        if (documentNumber != null && documentNumber.length() > 100) problems.add("文号最多100个字符");
        if (!problems.isEmpty()) {
            throw new BusinessRuleViolation("plan.header.invalid", String.join("；", problems));
        }
    }

    /** The default assessment year: 1 January to 31 December (DOMAIN.md Q10). */
    public static LocalDate defaultStart(int year) { return LocalDate.of(year, 1, 1); }

    public static LocalDate defaultEnd(int year) { return LocalDate.of(year, 12, 31); }

    /** Brackets of a 文号 are 〔〕 (U+3014/U+3015), whatever the typist used. */
    public static String normaliseDocumentNumber(String number) {
        return number.strip().replaceAll("\\s+", "")
                .replaceAll("[\\[【［(（﹝](\\d{4})[\\]】］)）﹞]", "〔$1〕");
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
