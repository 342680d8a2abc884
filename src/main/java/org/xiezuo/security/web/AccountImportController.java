package org.xiezuo.security.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.xiezuo.security.AccountImport;
import org.xiezuo.shared.Actor;

/**
 * Bulk creation of accounts: the template, the upload page, and the result — every problem with its
 * row and column, or the created accounts with their temporary passwords. The result is rendered in
 * answer to the upload, never stored: the passwords are on this one page only.
 */
@Controller
class AccountImportController {

    private static final String IMPORT = "admin/accounts/import";
    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final AccountImport imports;

    AccountImportController(AccountImport imports) {
        this.imports = imports;
    }

    @GetMapping("/admin/accounts/template")
    ResponseEntity<byte[]> downloadTemplate(Actor actor) {
        byte[] template = imports.template(actor);
        return ResponseEntity.ok()
                .contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("账号导入模板.xlsx", StandardCharsets.UTF_8).build().toString())
                .body(template);
    }

    @GetMapping("/admin/accounts/import")
    String showImport(Model model) {
        return page(model);
    }

    @PostMapping("/admin/accounts/import")
    String submitImport(@RequestParam(required = false) @Nullable MultipartFile file, Actor actor, Model model)
            throws IOException {
        if (file == null || file.isEmpty()) {
            model.addAttribute("error", "请选择要上传的 .xlsx 文件");
            return page(model);
        }
        String name = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
        try {
            model.addAttribute("created", imports.importWorkbook(actor, name, file.getBytes()));
            model.addAttribute("fileName", name);
        } catch (AccountImport.Refused refused) {
            model.addAttribute("problems", refused.problems());
            model.addAttribute("fileName", name);
        }
        return page(model);
    }

    private String page(Model model) {
        model.addAttribute("maxBytes", imports.maxFileBytes());
        model.addAttribute("maxSize", imports.maxFileSizeText());
        model.addAttribute("maxRows", imports.maxRows());
        return IMPORT;
    }
}
