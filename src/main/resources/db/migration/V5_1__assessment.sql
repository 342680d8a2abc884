-- Assessment (issue 6). The newest audit row of a plan stamps values computed from its data.
create index audit_event_plan_id on audit_event (plan_id, id);

-- The assessment rules of a plan, one row per version; the newest is in force, version 0 (the
-- defaults) is never stored. Weights are "name=weight" lines (categories by name, indicators by id).
create table assessment_rules (
    plan_id           bigint not null references plan (id) on delete cascade,
    version           integer not null,
    lagging_ratio     numeric(6, 4) not null,
    bands             varchar(1000) not null,
    category_weights  varchar(4000) not null,
    indicator_weights varchar(4000) not null,
    reason            varchar(500),
    created_by        varchar(100) not null,
    created_at        timestamp with time zone not null,
    primary key (plan_id, version)
);

-- Stored actuals: each indicator's actual and its source as of a business date, computed once for the
-- plan's data as stamped (audit_event id) and looked up by every page until the stamp moves on.
create table assessment_value (
    plan_id      bigint not null references plan (id) on delete cascade,
    as_of        date not null,
    indicator_id bigint not null,
    stamp        bigint not null,
    actual       numeric(30, 10),
    source       varchar(10) not null,
    primary key (plan_id, as_of, indicator_id)
);
