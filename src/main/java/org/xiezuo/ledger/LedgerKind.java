package org.xiezuo.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.xiezuo.ledger.sheet.Column;

/**
 * The kinds of ledger. Each has a code (used in URLs and on the command line), a Chinese name, its
 * template columns ({@link LedgerColumns}) and whether its records are persons (ID number and phone,
 * encrypted).
 */
public enum LedgerKind {
    EMPLOYMENT("employment", "就业人员", true),
    DISPATCH("dispatch", "选派人员", true),
    TRAINING("training", "培训", false),
    DONATION("donation", "社会捐赠", false),
    CONSUMPTION("consumption", "消费帮扶", false),
    PAIRING("pairing", "结对", false),
    INVESTMENT("investment", "投资项目", false),
    PARK("park", "产业园区", false),
    WORKSHOP("workshop", "帮扶车间", false),
    VILLAGE("village", "示范村", false);

    private final String code;
    private final String label;
    private final boolean persons;

    LedgerKind(String code, String label, boolean persons) {
        this.code = code;
        this.label = label;
        this.persons = persons;
    }

    public String code() { return code; }

    public String label() { return label; }

    /** Whether a record names a person (姓名, 身份证号, 手机号), stored encrypted and shown masked. */
    public boolean persons() { return persons; }

    public List<Column> columns() { return LedgerColumns.of(this); }

    /**
     * The categories a record of this kind falls in, which bindings and listings filter by (the place of
     * work for employment, the channel for consumption …); empty when the kind has none.
     */
    public List<String> categories() {
        return switch (this) {
            case EMPLOYMENT -> RowMapping.placeCategories();
            case TRAINING -> LedgerColumns.TRAINING_KINDS;
            case DONATION -> LedgerColumns.DONATION_FORMS;
            case CONSUMPTION -> LedgerColumns.CHANNELS;
            case PAIRING -> LedgerColumns.PAIRING_TYPES;
            case PARK -> LedgerColumns.PARK_KINDS;
            default -> List.of();
        };
    }

    public static Optional<LedgerKind> byCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equalsIgnoreCase(code.trim())).findFirst();
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(LedgerKind::code).toList());
    }
}
