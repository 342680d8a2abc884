package org.xiezuo;

import java.util.Locale;

import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * Derives every table and column name, so nothing is spelled out in annotations (derived names work
 * on H2's upper-case and PostgreSQL's lower-case folding alike): tables carry their module as prefix
 * ({@code plan.Task} → {@code plan_task}, {@code unit.Unit} → {@code unit}), references to other
 * aggregates end in {@code _id}, a child table points to its parent with {@code <parent>_id}, and list
 * children are ordered by {@code list_index}. See docs/adr/0003.
 */
final class ModulePrefixNamingStrategy implements NamingStrategy {

    private static final String ROOT = "org.xiezuo.";

    @Override
    public String getTableName(Class<?> type) {
        String simple = snake(type.getSimpleName());
        String module = module(type);
        return module.isEmpty() || simple.equals(module) || simple.startsWith(module + "_") ? simple : module + "_" + simple;
    }

    @Override
    public String getColumnName(RelationalPersistentProperty property) {
        String name = snake(property.getName());
        return AggregateReference.class.isAssignableFrom(property.getType()) ? name + "_id" : name;
    }

    @Override
    public String getReverseColumnName(RelationalPersistentProperty property) {
        return snake(property.getOwner().getType().getSimpleName()) + "_id";
    }

    @Override
    public String getReverseColumnName(RelationalPersistentEntity<?> owner) {
        return snake(owner.getType().getSimpleName()) + "_id";
    }

    @Override
    public String getKeyColumn(RelationalPersistentProperty property) {
        return "list_index";
    }

    private static String module(Class<?> type) {
        String name = type.getName();
        if (!name.startsWith(ROOT)) return "";
        String rest = name.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
