package org.xiezuo.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The report of an import as JSON — what the command line prints and the job row keeps:
 * {@code {"accepted":N,"updated":N,"duplicates":N,"rejected":[{"row":N,"column":"…","message":"…"}],"warnings":[…]}}.
 */
public final class ImportReports {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ImportReports() {}

    public static Map<String, Object> map(ImportOutcome outcome) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accepted", outcome.accepted());
        map.put("updated", outcome.updated());
        map.put("duplicates", outcome.duplicates());
        map.put("rejected", problems(outcome.rejected()));
        List<Object> warnings = new java.util.ArrayList<>(problems(outcome.warnings()));
        outcome.fileWarnings().forEach(w -> warnings.add(Map.of("message", w)));
        map.put("warnings", warnings);
        map.put("duplicateRows", outcome.duplicateRows().stream().map(d -> d.sameAsRow() == null
                ? Map.of("row", d.row()) : Map.of("row", d.row(), "sameAsRow", d.sameAsRow())).toList());
        map.put("rowsRead", outcome.rowsRead());
        if (outcome.batchId() != null) map.put("batchId", outcome.batchId());
        return map;
    }

    public static Map<String, Object> map(LedgerRefused refused) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accepted", 0);
        map.put("updated", 0);
        map.put("duplicates", 0);
        map.put("rejected", problems(refused.problems()));
        map.put("warnings", List.of());
        map.put("refused", refused.getMessage());
        return map;
    }

    static String json(ImportOutcome outcome) { return JSON.writeValueAsString(map(outcome)); }

    static String json(LedgerRefused refused) { return JSON.writeValueAsString(map(refused)); }

    public static String toJson(Object value) { return JSON.writeValueAsString(value); }

    private static List<Map<String, Object>> problems(List<RowProblem> problems) {
        return problems.stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", p.row());
            row.put("column", p.column() == null ? "" : p.column());
            row.put("message", p.message());
            return row;
        }).toList();
    }
}
