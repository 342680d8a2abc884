package org.xiezuo.export.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xiezuo.assessment.Assessment;
import org.xiezuo.export.Exports;
import org.xiezuo.shared.Actor;

/**
 * Downloads of the exports, from the pages (session) and over {@code /api/v1} (tokens): the indicator
 * completion table, the bulletin, a unit's workbook, each as of {@code asOf} (default today). Files are
 * made in memory (tens of kilobytes), sent with their Chinese names, never cached.
 */
@RestController
class ExportController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType DOCX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final Exports exports;

    ExportController(Exports exports) {
        this.exports = exports;
    }

    @GetMapping({"/plans/{planId}/exports/indicator-table.xlsx", "/api/v1/plans/{planId}/exports/indicator-table.xlsx"})
    ResponseEntity<byte[]> downloadTable(@PathVariable long planId,
                                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                         Actor actor) {
        Assessment assessment = exports.assessment(actor, planId, asOf);
        return file(Exports.tableFileName(assessment), XLSX, out -> exports.table(actor, assessment, out));
    }

    @GetMapping({"/plans/{planId}/exports/bulletin.docx", "/api/v1/plans/{planId}/exports/bulletin.docx"})
    ResponseEntity<byte[]> downloadBulletin(@PathVariable long planId,
                                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                            Actor actor) {
        Assessment assessment = exports.assessment(actor, planId, asOf);
        return file(Exports.bulletinFileName(assessment), DOCX, out -> exports.bulletin(actor, assessment, out));
    }

    @GetMapping({"/plans/{planId}/units/{unitId}/exports/workbook.xlsx", "/api/v1/plans/{planId}/units/{unitId}/exports/workbook.xlsx"})
    ResponseEntity<byte[]> downloadUnitWorkbook(@PathVariable long planId, @PathVariable long unitId,
                                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate asOf,
                                                Actor actor) {
        Assessment assessment = exports.assessment(actor, planId, asOf);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String name = exports.unitWorkbook(actor, assessment, unitId, bytes);
        return file(name, XLSX, bytes.toByteArray());
    }

    private static ResponseEntity<byte[]> file(String name, MediaType type, Consumer<ByteArrayOutputStream> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.accept(bytes);
        return file(name, type, bytes.toByteArray());
    }

    private static ResponseEntity<byte[]> file(String name, MediaType type, byte[] bytes) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes);
    }
}
