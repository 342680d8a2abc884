package org.xiezuo.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A ledger record as shown: personal data only masked. {@code details} holds the descriptive fields by
 * column key (employer, remark …); {@code units} every unit that reported it, the credited one first.
 */
public record LedgerEntry(long id, long planId, LedgerKind kind, @Nullable Long personId, @Nullable String personName,
                          @Nullable String idMask, @Nullable String phoneMask, @Nullable Long unitId, @Nullable String unitName,
                          List<String> units, @Nullable String category, @Nullable String subject, @Nullable String region,
                          LocalDate startsOn, @Nullable LocalDate endsOn, @Nullable LocalDate plannedEnd,
                          @Nullable Integer months, @Nullable BigDecimal amount, @Nullable String amountUnit,
                          @Nullable Integer n1, @Nullable Integer n2, @Nullable Integer n3, @Nullable Integer n4,
                          @Nullable Boolean flag, Map<String, String> details, @Nullable Long batchId, String createdBy,
                          Instant createdAt, @Nullable String updatedBy, @Nullable Instant updatedAt, int version) {

    public LedgerEntry {
        units = List.copyOf(units);
        details = Map.copyOf(details);
    }

    /** The value of a template column, as the row shows it (masked for ID and phone). */
    public @Nullable Object value(String key) {
        return switch (key) {
            case "name" -> kind.persons() ? personName : subject;
            case "idNumber" -> idMask;
            case "phone" -> phoneMask;
            case "poor" -> kind == LedgerKind.EMPLOYMENT ? yesNo(flag) : null;
            case "province" -> region;
            case "startDate", "date" -> startsOn;
            case "endDate" -> endsOn;
            case "plannedEnd" -> plannedEnd;
            case "actualEnd" -> endsOn;
            case "unit" -> unitName;
            case "category" -> category;
            case "amount" -> amount;
            case "amountUnit" -> amountUnit;
            case "title", "donor", "buyer", "eastParty", "enterprise" -> subject;
            case "headcount", "jobs" -> n1;
            case "poorHeadcount", "poorJobs" -> n2;
            case "personTimes" -> n3;
            case "poorPersonTimes" -> n4;
            case "park" -> region;
            case "town" -> region;
            default -> details.get(key);
        };
    }

    private static @Nullable String yesNo(@Nullable Boolean value) {
        return value == null ? null : value ? "是" : "否";
    }
}
