package org.xiezuo.importer.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.importer.DocumentImports;
import org.xiezuo.importer.DraftSettings;
import org.xiezuo.importer.ImportPreview;
import org.xiezuo.importer.ImportRefused;
import org.xiezuo.importer.ImportRejected;
import org.xiezuo.importer.ImporterSettings;
import org.xiezuo.importer.internal.DocumentParsing;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.unit.UnitNames;

/** Upload → preview (adjust) → confirm or cancel; and download of a plan's original document. */
@Controller
class ImportController {

    private static final String UPLOAD = "importer/upload";
    private static final String PREVIEW = "importer/preview";

    private final DocumentImports imports;
    private final ImporterSettings settings;

    ImportController(DocumentImports imports, ImporterSettings settings) {
        this.imports = imports;
        this.settings = settings;
    }

    record UnitForm(String name, @Nullable String aliases, @Nullable Long existing) {}

    record SettingsForm(@Nullable String title, @Nullable Integer year, @Nullable String district,
                        @Nullable String eastProvince, @Nullable String westProvince, @Nullable List<UnitForm> units,
                        int version) {

        DraftSettings toSettings() {
            Map<String, DraftSettings.UnitChoice> choices = new LinkedHashMap<>();
            for (UnitForm unit : units == null ? List.<UnitForm>of() : units) {
                if (unit == null || unit.name() == null) continue;
                List<String> aliases = unit.aliases() == null ? List.of() : UnitNames.splitList(unit.aliases());
                choices.put(unit.name(), new DraftSettings.UnitChoice(new ArrayList<>(aliases), unit.existing()));
            }
            return new DraftSettings(title, year, district, eastProvince, westProvince, choices);
        }
    }

    @GetMapping("/imports/new")
    String showUpload(Model model) {
        model.addAttribute("maxSize", settings.maxFileSizeText());
        model.addAttribute("maxBytes", settings.maxFileSize().toBytes());
        return UPLOAD;
    }

    @PostMapping("/imports")
    String submitUpload(@RequestParam(name = "file", required = false) @Nullable MultipartFile file, Actor actor,
                        Model model) throws IOException {
        model.addAttribute("maxSize", settings.maxFileSizeText());
        model.addAttribute("maxBytes", settings.maxFileSize().toBytes());
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
            model.addAttribute("error", "请选择要导入的任务书文件");
            return UPLOAD;
        }
        try {
            long draftId = imports.upload(actor, file.getOriginalFilename(), file.getBytes());
            return "redirect:/imports/" + draftId;
        } catch (ImportRejected rejected) {
            model.addAttribute("error", "「" + rejected.fileName() + "」未能导入：" + rejected.getMessage());
            return UPLOAD;
        }
    }

    @GetMapping("/imports/{id}")
    String showPreview(@PathVariable long id, Actor actor, Model model) {
        ImportPreview preview = imports.preview(actor, id);
        model.addAttribute("preview", preview);
        model.addAttribute("provinces", DocumentParsing.provinces());
        return PREVIEW;
    }

    @PostMapping("/imports/{id}/settings")
    String submitSettings(@PathVariable long id, @ModelAttribute SettingsForm form, Actor actor, RedirectAttributes flash) {
        try {
            imports.adjust(actor, id, form.version(), form.toSettings());
            flash.addFlashAttribute("message", "修改已保存，预览已更新");
        } catch (BusinessRuleViolation rule) {
            flash.addFlashAttribute("error", rule.getMessage());
        }
        return "redirect:/imports/" + id;
    }

    @PostMapping("/imports/{id}/confirm")
    String submitConfirm(@PathVariable long id, @RequestParam int version,
                         @RequestParam(defaultValue = "false") boolean update, Actor actor, RedirectAttributes flash) {
        try {
            DocumentImports.ImportResult result = imports.confirm(actor, id, version, update);
            flash.addFlashAttribute("message", result.created() ? "任务书已导入"
                    : "已按新文件更新任务书（" + (result.changes() == null ? 0 : result.changes().size()) + "处变化）");
            return "redirect:/plans/" + result.planId();
        } catch (ImportRefused refused) {
            flash.addFlashAttribute("error", refused.getMessage());
        } catch (BusinessRuleViolation rule) {
            flash.addFlashAttribute("error", "未导入：" + rule.getMessage());
        }
        return "redirect:/imports/" + id;
    }

    @PostMapping("/imports/{id}/cancel")
    String submitCancel(@PathVariable long id, Actor actor, RedirectAttributes flash) {
        imports.cancel(actor, id);
        flash.addFlashAttribute("message", "已取消导入，未保存任何内容");
        return "redirect:/imports/new";
    }

    @GetMapping("/imports/documents/{id}")
    ResponseEntity<byte[]> downloadDocument(@PathVariable long id, Actor actor) {
        DocumentImports.StoredDocument document = imports.document(actor, id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(document.fileName(), StandardCharsets.UTF_8).build().toString())
                .contentType(MediaType.parseMediaType(document.contentType()))
                .body(document.content());
    }
}
