package org.xiezuo.importer;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON form of a parsed task book printed by {@code parse} (docs/cli.md describes the shape). */
public final class TaskBookJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private TaskBookJson() {}

    public static String write(ParsedTaskBook book) {
        return MAPPER.writeValueAsString(tree(book));
    }

    public static ObjectNode tree(ParsedTaskBook book) {
        ObjectNode root = MAPPER.createObjectNode();
        ParsedTaskBook.Header h = book.plan();
        ObjectNode plan = root.putObject("plan");
        plan.put("title", h.title());
        plan.put("noticeTitle", h.noticeTitle());
        plan.put("year", h.year());
        plan.put("eastRegion", h.eastRegion());
        plan.put("westRegion", h.westRegion());
        plan.put("eastProvince", h.eastProvince());
        plan.put("westProvince", h.westProvince());
        plan.put("docNumber", h.docNumber());
        plan.put("issuer", h.issuer());
        plan.put("issuedOn", h.issuedOn() == null ? null : h.issuedOn().toString());
        ArrayNode units = root.putArray("units");
        for (ParsedTaskBook.Unit u : book.units()) {
            ObjectNode unit = units.addObject();
            unit.put("name", u.name());
            ArrayNode aliases = unit.putArray("aliases");
            u.aliases().forEach(aliases::add);
        }
        ArrayNode tasks = root.putArray("tasks");
        for (ParsedTaskBook.Task t : book.tasks()) {
            ObjectNode task = tasks.addObject();
            ArrayNode taskUnits = task.putArray("units");
            t.units().forEach(taskUnits::add);
            task.put("seq", t.seq());
            task.put("text", t.text());
        }
        ArrayNode indicators = root.putArray("indicators");
        for (ParsedTaskBook.Indicator i : book.indicators()) {
            ObjectNode indicator = indicators.addObject();
            indicator.put("code", i.code());
            indicator.put("category", i.category());
            indicator.put("name", i.name());
            indicator.put("measureUnit", i.measureUnit());
            indicator.put("target", i.target());
            indicator.put("targetText", i.targetText());
            indicator.put("assessed", i.assessed());
            indicator.put("includesStock", i.includesStock());
            indicator.put("parentCode", i.parentCode());
            ArrayNode responsible = indicator.putArray("responsible");
            i.responsible().forEach(responsible::add);
        }
        ArrayNode warnings = root.putArray("warnings");
        for (ParsedTaskBook.Warning w : book.warnings()) {
            ObjectNode warning = warnings.addObject();
            warning.put("location", w.location());
            warning.put("message", w.message());
        }
        return root;
    }
}
