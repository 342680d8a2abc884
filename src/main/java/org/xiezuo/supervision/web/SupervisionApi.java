package org.xiezuo.supervision.web;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.xiezuo.shared.Actor;
import org.xiezuo.supervision.MatterKind;
import org.xiezuo.supervision.Order;
import org.xiezuo.supervision.Supervision;
import org.xiezuo.supervision.SupervisionQueries;

/** Supervision orders over {@code /api/v1}: list, read, draft, issue, cancel, answer, close, return. */
@RestController
class SupervisionApi {

    private final SupervisionQueries queries;
    private final Supervision supervision;

    SupervisionApi(SupervisionQueries queries, Supervision supervision) {
        this.queries = queries;
        this.supervision = supervision;
    }

    @GetMapping("/api/v1/plans/{planId}/supervision-orders")
    SupervisionQueries.Page list(@PathVariable long planId, @RequestParam(defaultValue = "0") int page,
                                 @RequestParam(defaultValue = "20") int size, Actor actor) {
        return queries.list(actor, planId, page, size);
    }

    @GetMapping("/api/v1/supervision-orders/{id}")
    Order order(@PathVariable long id, Actor actor) {
        return queries.order(actor, id);
    }

    record DraftBody(MatterKind kind, @Nullable Long indicatorId, @Nullable Long taskId, String matter, String requirement,
                     @Nullable LocalDate responseDeadline, List<Long> unitIds) {}

    @PostMapping("/api/v1/plans/{planId}/supervision-orders")
    @ResponseStatus(HttpStatus.CREATED)
    Order draft(@PathVariable long planId, @RequestBody DraftBody body, Actor actor) {
        long id = supervision.draft(actor, planId, new Supervision.Draft(body.kind(), body.indicatorId(), body.taskId(), null,
                body.matter(), body.requirement(), body.responseDeadline(), body.unitIds() == null ? List.of() : body.unitIds()));
        return queries.order(actor, id);
    }

    record VersionBody(int version) {}

    @PostMapping("/api/v1/supervision-orders/{id}/issue")
    Order issue(@PathVariable long id, @RequestBody VersionBody body, Actor actor) {
        return supervision.issue(actor, id, body.version());
    }

    @PostMapping("/api/v1/supervision-orders/{id}/cancel")
    Order cancel(@PathVariable long id, @RequestBody VersionBody body, Actor actor) {
        supervision.cancel(actor, id, body.version());
        return queries.order(actor, id);
    }

    record AnswerBody(String measures, LocalDate expectedCompletion, int version) {}

    @PostMapping("/api/v1/supervision-parts/{partId}/answer")
    Order answer(@PathVariable long partId, @RequestBody AnswerBody body, Actor actor) {
        supervision.answer(actor, partId, body.measures(), body.expectedCompletion(), body.version());
        return queries.order(actor, queries.findByPart(partId).id());
    }

    @PostMapping("/api/v1/supervision-parts/{partId}/close")
    Order close(@PathVariable long partId, @RequestBody VersionBody body, Actor actor) {
        supervision.close(actor, partId, body.version());
        return queries.order(actor, queries.findByPart(partId).id());
    }

    record ReturnBody(String reason, int version) {}

    @PostMapping("/api/v1/supervision-parts/{partId}/return")
    Order returnPart(@PathVariable long partId, @RequestBody ReturnBody body, Actor actor) {
        supervision.returnPart(actor, partId, body.reason(), body.version());
        return queries.order(actor, queries.findByPart(partId).id());
    }
}
