-- Supervision outcomes in the assessment (issue 8): points deducted from a unit's score per late answer
-- that turned red (default 0 — off), and the deductions the assessment learned of through events.
alter table assessment_rules add column supervision_deduction numeric(6, 2) not null default 0;

create table assessment_deduction (
    plan_id     bigint not null references plan (id) on delete cascade,
    unit_id     bigint not null,
    source_key  varchar(200) not null,
    occurred_on date not null,
    detail      varchar(500) not null,
    created_at  timestamp with time zone not null,
    primary key (plan_id, source_key)
);
