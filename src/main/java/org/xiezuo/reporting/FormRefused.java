package org.xiezuo.reporting;

import java.util.List;
import java.util.stream.Collectors;

import org.xiezuo.shared.BusinessRuleViolation;

/** An uploaded form was not imported, with every problem found; nothing of it was saved. */
public class FormRefused extends BusinessRuleViolation {

    private final List<FormProblem> problems;

    FormRefused(List<FormProblem> problems) {
        super("report.form", summary(sorted(problems)));
        this.problems = sorted(problems);
    }

    /** By row, the file's own problems first; problems of one row in the order found. */
    private static List<FormProblem> sorted(List<FormProblem> problems) {
        return problems.stream().sorted(java.util.Comparator.comparingInt(FormProblem::row)).toList();
    }

    FormRefused(String message) {
        this(List.of(new FormProblem(0, null, message)));
    }

    public List<FormProblem> problems() { return problems; }

    private static String summary(List<FormProblem> problems) {
        if (problems.size() == 1 && problems.get(0).row() == 0) return "填报表未导入：" + problems.get(0).message();
        return "填报表未导入，工作表「" + ReportWorkbook.DATA_SHEET + "」中有" + problems.size() + "处问题：" + problems.stream().limit(3)
                .map(FormProblem::text).collect(Collectors.joining("；")) + (problems.size() > 3 ? "……" : "");
    }
}
