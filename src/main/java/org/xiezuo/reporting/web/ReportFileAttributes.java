package org.xiezuo.reporting.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.xiezuo.reporting.EvidenceFiles;
import org.xiezuo.reporting.ReportForms;

/** Puts {@link ReportFileLimits} into the model of every reporting page, for the file fragments. */
@ControllerAdvice(basePackageClasses = ReportFileAttributes.class)
class ReportFileAttributes {

    private final ReportFileLimits limits;

    ReportFileAttributes(EvidenceFiles evidence, ReportForms forms) {
        this.limits = new ReportFileLimits(evidence.maxBytes(), evidence.maxSizeText(), forms.maxBytes(), forms.maxSizeText());
    }

    @ModelAttribute("reportFiles")
    ReportFileLimits reportFiles() {
        return limits;
    }
}
