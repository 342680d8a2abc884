package org.xiezuo.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.ledger.sheet.Column;
import org.xiezuo.ledger.sheet.LedgerSheetWriter;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * The .xlsx export of a ledger (what the listing shows, with its filters) and its template. Exports are
 * masked; a full export with ID and phone numbers needs {@code PI_EXPORT_FULL}. Every export is audited
 * with its scope and row count ({@code LEDGER_EXPORTED}, {@code LEDGER_EXPORTED_FULL}). Text that Excel
 * would take for a formula is written as text. File names carry the kind and the date, never personal data.
 *
 * <p>An export reads the ledger with one streamed statement and writes it as it reads (the sheet's XML
 * straight into the zip, {@link LedgerSheetWriter#writeValues}), so time grows
 * with the rows and memory stays flat; at most {@code xiezuo.ledger.max-concurrent-exports} run at once
 * on an instance ({@link ExportSlots}), one more is refused at once with "导出任务繁忙，请稍后".
 */
@Service
@Transactional(readOnly = true)
public class LedgerExports {

    private final LedgerQueries queries;
    private final PersonalData personalData;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final AuditTrail audit;
    private final ExportSlots slots;

    LedgerExports(LedgerQueries queries, PersonalData personalData, org.springframework.jdbc.core.simple.JdbcClient jdbc,
                  AuditTrail audit, ExportSlots slots) {
        this.queries = queries;
        this.personalData = personalData;
        this.jdbc = jdbc;
        this.audit = audit;
        this.slots = slots;
    }

    public static String fileName(LedgerKind kind, LocalDate date, boolean full) {
        return kind.label() + "台账_" + date + (full ? "_完整" : "") + ".xlsx";
    }

    public static String templateName(LedgerKind kind) {
        return kind.label() + "台账_导入模板.xlsx";
    }

    public void template(LedgerKind kind, OutputStream out) {
        try {
            LedgerSheetWriter.writeTemplate(kind.columns(), kind.label(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the ledger's records matching the filter; returns the number of rows written. Refused with
     * {@link org.xiezuo.shared.Busy} when this instance already runs its most exports.
     */
    @Transactional
    public int export(Actor actor, long planId, LedgerKind kind, LedgerQueries.Filter filter, boolean full, OutputStream out) {
        if (full) Access.require(actor, Permission.PI_EXPORT_FULL);
        try (ExportSlots.Slot slot = slots.take(actor, planId, kind);
             Stream<LedgerEntry> entries = queries.stream(actor, planId, kind, filter)) {
            List<Column> columns = kind.columns();
            int[] written = {0};
            Object[] values = new Object[columns.size()];
            Iterator<Object[]> rows = entries.map(entry -> {
                written[0]++;
                for (int c = 0; c < values.length; c++) {
                    String key = columns.get(c).key();
                    values[c] = "seq".equals(key) ? (Object) written[0] : entry.value(key);
                }
                if (full && entry.personId() != null) reveal(entry.personId(), columns, values);
                return values;
            }).iterator();
            try {
                LedgerSheetWriter.writeValues(columns, kind.label(), rows, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (full) {
                audit.record(actor, Event.success("LEDGER_EXPORTED_FULL", "ledger", kind.code(), planId,
                        kind.label() + "台账完整导出（含完整身份证号、手机号）" + written[0] + "行，筛选：" + describe(filter)));
            } else {
                audit.record(actor, Event.success("LEDGER_EXPORTED", "ledger", kind.code(), planId,
                        kind.label() + "台账导出（脱敏）" + written[0] + "行，筛选：" + describe(filter)));
            }
            return written[0];
        }
    }

    private void reveal(long personId, List<Column> columns, Object[] values) {
        jdbc.sql("select id_key, id_cipher, phone_key, phone_cipher from ledger_person where id = :id").param("id", personId)
                .query(rs -> {
                    put(columns, values, "idNumber", personalData.open(rs.getInt(1), rs.getBytes(2)));
                    byte[] phone = rs.getBytes(4);
                    if (phone != null) put(columns, values, "phone", personalData.open(rs.getInt(3), phone));
                });
    }

    private static void put(List<Column> columns, Object[] values, String key, Object value) {
        for (int c = 0; c < values.length; c++) {
            if (columns.get(c).key().equals(key)) values[c] = value;
        }
    }

    private static String describe(LedgerQueries.Filter filter) {
        List<String> parts = new ArrayList<>();
        if (filter.unitId() != null) parts.add("单位" + filter.unitId());
        if (filter.category() != null) parts.add("类别" + filter.category());
        if (filter.from() != null) parts.add("自" + filter.from());
        if (filter.to() != null) parts.add("至" + filter.to());
        if (filter.batchId() != null) parts.add("批次" + filter.batchId());
        if (filter.text() != null) parts.add("含“" + filter.text() + "”");
        return parts.isEmpty() ? "全部" : String.join("，", parts);
    }
}
