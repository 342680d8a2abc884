package org.xiezuo.importer.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.ImportPreview;
import org.xiezuo.importer.ImportRefused;
import org.xiezuo.importer.ImportRejected;
import org.xiezuo.importer.TaskBookJson;
import org.xiezuo.importer.TaskBookParser;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

import tools.jackson.databind.JsonNode;

/**
 * The import as JSON: parse without saving, upload a draft, read its preview, confirm or cancel.
 * Unusable files answer 422 with a problem detail naming the file and the reason.
 */
@RestController
@RequestMapping("/api/v1")
class ImportApi {

    private final DocumentImports imports;
    private final TaskBookParser parser;

    ImportApi(DocumentImports imports, TaskBookParser parser) {
        this.imports = imports;
        this.parser = parser;
    }

    /** The parsed task book in the shape of the {@code parse} command; nothing is stored. */
    @PostMapping("/parse")
    JsonNode parse(@RequestParam("file") MultipartFile file, Actor actor) throws IOException {
        Access.require(actor, Permission.PLAN_IMPORT);
        return TaskBookJson.tree(parser.parse(String.valueOf(file.getOriginalFilename()), file.getBytes()));
    }

    @PostMapping("/imports")
    ResponseEntity<Map<String, Object>> upload(@RequestParam("file") MultipartFile file, Actor actor) throws IOException {
        long draftId = imports.upload(actor, String.valueOf(file.getOriginalFilename()), file.getBytes());
        return ResponseEntity.created(URI.create("/api/v1/imports/" + draftId)).body(summary(imports.preview(actor, draftId)));
    }

    @GetMapping("/imports/{id}")
    Map<String, Object> preview(@PathVariable long id, Actor actor) {
        return summary(imports.preview(actor, id));
    }

    @PostMapping("/imports/{id}/confirm")
    DocumentImports.ImportResult confirm(@PathVariable long id, @RequestParam int version,
                                         @RequestParam(defaultValue = "false") boolean update, Actor actor) {
        return imports.confirm(actor, id, version, update);
    }

    @PostMapping("/imports/{id}/cancel")
    ResponseEntity<Void> cancel(@PathVariable long id, Actor actor) {
        imports.cancel(actor, id);
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> summary(ImportPreview p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("draftId", p.draftId());
        body.put("version", p.version());
        body.put("status", p.status());
        body.put("fileName", p.fileName());
        body.put("title", p.title());
        body.put("year", p.year());
        body.put("district", p.district());
        body.put("eastProvince", p.eastProvince());
        body.put("westProvince", p.westProvince());
        body.put("canConfirm", p.canConfirm());
        body.put("problems", p.problems());
        body.put("existingPlan", p.existing());
        body.put("changes", p.changes());
        body.put("planId", p.planId());
        body.put("units", p.units());
        body.put("taskBook", TaskBookJson.tree(p.book()));
        return body;
    }

    @ExceptionHandler(ImportRejected.class)
    ResponseEntity<ProblemDetail> rejected(ImportRejected e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("文件不可用");
        problem.setProperty("file", e.fileName());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler(ImportRefused.class)
    ResponseEntity<ProblemDetail> refused(ImportRefused e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("未导入");
        problem.setProperty("code", e.code());
        problem.setProperty("existingPlanId", e.existingPlanId());
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
