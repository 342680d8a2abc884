package org.xiezuo.plan.web;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xiezuo.plan.PlanBook;
import org.xiezuo.plan.PlanQueries;
import org.xiezuo.plan.PlanEditing;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.NotFound;
import org.xiezuo.unit.Organisation;

/** Adding, editing and removing the qualitative tasks of a plan. */
@Controller
class TaskController {

    private static final String FORM = "plan/task-form";

    private final PlanQueries queries;
    private final PlanEditing planning;
    private final Organisation organisation;

    TaskController(PlanQueries queries, PlanEditing planning, Organisation organisation) {
        this.queries = queries;
        this.planning = planning;
        this.organisation = organisation;
    }

    record TaskForm(String units, String text, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate deadline,
                    int version) {}

    @GetMapping("/plans/{planId}/tasks/new")
    String showNewTask(@PathVariable long planId, @RequestParam(required = false) Long unit, Actor actor, Model model) {
        PlanBook book = queries.book(actor, planId);
        String preset = unit == null ? "" : book.units().stream().filter(u -> u.id() == unit).map(PlanBook.UnitRow::name)
                .findFirst().orElse("");
        return form(model, book, null, new TaskForm(preset, "", null, 0));
    }

    @PostMapping("/plans/{planId}/tasks")
    String submitNewTask(@PathVariable long planId, @ModelAttribute("form") TaskForm form, Actor actor, Model model,
                         RedirectAttributes flash) {
        PlanBook book = queries.book(actor, planId);
        try {
            List<Long> unitIds = UnitListField.resolve(organisation, book.plan().districtId(), form.units(),
                    book.plan().eastRegion());
            planning.addTask(actor, planId, unitIds, form.text(), form.deadline());
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            return form(model, book, null, form);
        }
        flash.addFlashAttribute("message", "任务已新增");
        return "redirect:/plans/" + planId;
    }

    @GetMapping("/tasks/{id}/edit")
    String showEditTask(@PathVariable long id, @RequestParam long plan, Actor actor, Model model) {
        PlanBook book = queries.book(actor, plan);
        PlanBook.TaskRow task = task(book, id);
        return form(model, book, task, new TaskForm(UnitListField.format(task.units().stream().map(PlanBook.UnitRef::name).toList()),
                task.text(), task.deadline(), task.version()));
    }

    @PostMapping("/tasks/{id}")
    String submitEditTask(@PathVariable long id, @RequestParam long plan, @ModelAttribute("form") TaskForm form, Actor actor,
                          Model model, RedirectAttributes flash) {
        PlanBook book = queries.book(actor, plan);
        PlanBook.TaskRow task = task(book, id);
        try {
            List<Long> unitIds = UnitListField.resolve(organisation, book.plan().districtId(), form.units(),
                    book.plan().eastRegion());
            planning.reviseTask(actor, id, form.version(), unitIds, form.text(), form.deadline());
        } catch (BusinessRuleViolation rule) {
            model.addAttribute("error", rule.getMessage());
            return form(model, book, task, form);
        }
        flash.addFlashAttribute("message", "任务已保存");
        return "redirect:/plans/" + plan + "#task-" + id;
    }

    @PostMapping("/tasks/{id}/delete")
    String submitDeleteTask(@PathVariable long id, @RequestParam long plan, Actor actor, RedirectAttributes flash) {
        task(queries.book(actor, plan), id);
        planning.removeTask(actor, id);
        flash.addFlashAttribute("message", "任务已删除");
        return "redirect:/plans/" + plan;
    }

    private static PlanBook.TaskRow task(PlanBook book, long id) {
        return book.tasks().stream().filter(t -> t.id() == id).findFirst().orElseThrow(() -> new NotFound("任务", id));
    }

    private static String form(Model model, PlanBook book, PlanBook.@Nullable TaskRow task, TaskForm form) {
        model.addAttribute("book", book);
        model.addAttribute("task", task);
        model.addAttribute("form", form);
        return FORM;
    }
}
