package org.xiezuo.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.xiezuo.ledger.sheet.Column;

/** Short descriptions of records for audit rows: personal data only in masked form. */
final class Summaries {

    private Summaries() {}

    /** "姓名 张三，身份证号 110***********2316，就业开始日期 2021-03-01". */
    static String of(LedgerEntry entry) {
        List<String> parts = new ArrayList<>();
        for (Column column : entry.kind().columns()) {
            Object value = entry.value(column.key());
            if (value == null || "seq".equals(column.key()) || "remark".equals(column.key())) continue;
            parts.add(column.header() + " " + value);
            if (parts.size() == 4) break;
        }
        return String.join("，", parts);
    }

    /** The fields that changed: "就业结束日期 （空）→2021-09-30；就业单位 甲→乙". */
    static String changes(LedgerKind kind, LedgerEntry before, LedgerEntry after) {
        List<String> parts = new ArrayList<>();
        for (Column column : kind.columns()) {
            Object was = before.value(column.key());
            Object is = after.value(column.key());
            if (!Objects.equals(String.valueOf(was), String.valueOf(is))) {
                parts.add(column.header() + " " + (was == null ? "（空）" : was) + "→" + (is == null ? "（空）" : is));
            }
        }
        return parts.isEmpty() ? "无变化" : String.join("；", parts);
    }
}
