package org.xiezuo.reporting.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.EvidenceRefused;
import org.xiezuo.shared.Actor;

/**
 * Evidence files over the API: upload for an indicator or task line (multipart {@code file} with
 * {@code indicator} or {@code task}), answered 201 with the stored file's metadata; download as on the
 * page. A refused file answers a problem detail naming it: 413 over the size limit, 422 for a type or
 * content that is not allowed, 507 when the store is full; scope as on the pages (404 outside it).
 */
@RestController
@RequestMapping("/api/v1")
class EvidenceApi {

    private final EvidenceFiles evidence;

    EvidenceApi(EvidenceFiles evidence) {
        this.evidence = evidence;
    }

    @PostMapping("/periods/{periodId}/units/{unitId}/evidence")
    ResponseEntity<EvidenceFiles.Stored> upload(@PathVariable long periodId, @PathVariable long unitId,
                                                @RequestParam("file") MultipartFile file,
                                                @RequestParam(name = "indicator", required = false) @Nullable Long indicator,
                                                @RequestParam(name = "task", required = false) @Nullable Long task, Actor actor)
            throws MissingServletRequestParameterException {
        ReportFilesController.LineRef line = ReportFilesController.LineRef.of(indicator, task);
        EvidenceFiles.Stored stored = evidence.upload(actor, periodId, unitId, line.kind(), line.ref(), file.getOriginalFilename(),
                file.getSize(), file);
        return ResponseEntity.created(URI.create("/api/v1/evidence/" + stored.id())).body(stored);
    }

    @GetMapping("/evidence/{id}")
    ResponseEntity<byte[]> download(@PathVariable long id, Actor actor) {
        EvidenceFiles.Download file = evidence.download(actor, id);
        return ReportFilesController.attachment(file.fileName(), file.contentType(), file.content());
    }

    @ExceptionHandler(EvidenceRefused.class)
    ResponseEntity<ProblemDetail> refused(EvidenceRefused e, HttpServletRequest request) {
        HttpStatus status = switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case STORAGE -> HttpStatus.INSUFFICIENT_STORAGE;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("文件未保存");
        problem.setProperty("code", e.code());
        problem.setProperty("file", e.fileName());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status).body(problem);
    }
}
