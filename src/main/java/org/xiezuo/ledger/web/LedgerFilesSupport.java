package org.xiezuo.ledger.web;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.xiezuo.ledger.LedgerKind;
import org.xiezuo.shared.NotFound;

/**
 * What the ledger file endpoints of the pages and the API share: the kind from its URL code, the day a
 * file is named after (China time), and sending an .xlsx as a download.
 *
 * <p>A file is written to a temporary file first and sent only when complete, so a refusal (scope,
 * permission, an unknown plan) is still answered as an error page or problem detail rather than a
 * broken download, and memory stays flat for a ledger of any size (the sheet writer streams its rows).
 * The temporary file is readable by the application's user only and deleted once sent. Every file goes
 * with {@code Cache-Control: no-store}, {@code nosniff} and a sandboxing Content-Security-Policy, and
 * a {@code Content-Disposition} naming it in RFC 6266/5987 form ({@code filename*=UTF-8''…}); the names
 * come from {@link org.xiezuo.ledger.LedgerExports} (kind and date, never personal data).
 */
final class LedgerFilesSupport {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** Writes the file's bytes. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private LedgerFilesSupport() {}

    /** The kind named by a URL's {@code {kind}} code ({@code employment}); an unknown code is not found. */
    static LedgerKind kind(String code) {
        return LedgerKind.byCode(code).orElseThrow(() -> new NotFound("台账类型",
                code.length() > 20 ? code.substring(0, 20) + "…" : code));
    }

    static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(CHINA));
    }

    /** Sends an .xlsx download once it is completely written. */
    static void send(HttpServletResponse response, String fileName, Body body) throws IOException {
        Path file = Files.createTempFile("xiezuo-ledger-", ".xlsx");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                body.writeTo(out);
            }
            response.setContentType(XLSX);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setHeader(HttpHeaders.PRAGMA, "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
            response.setContentLengthLong(Files.size(file));
            Files.copy(file, response.getOutputStream());
            response.flushBuffer();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
