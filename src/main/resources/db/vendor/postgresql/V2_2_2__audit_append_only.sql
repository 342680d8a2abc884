-- The audit trail is append-only (等保 8.1.4.3 c: "避免受到未预期的删除、修改或覆盖"): the database
-- refuses UPDATE, DELETE and TRUNCATE on audit_event and audit_checkpoint, whoever sends them.
--
-- The one way through is the retention purge (AuditRetention): in its own transaction it sets
-- xiezuo.audit_purge = 'on' with set_config(..., true), which lasts until that transaction ends, and
-- even then only rows older than the 184-day floor (网络安全法 §21: six months) by the database's
-- clock may be deleted. Updates and truncation are never allowed.
--
-- This guards against mistakes and against the application's SQL; it is no barrier for the table's
-- owner, who can disable a trigger. In production the tables belong to a migration role and the
-- application role holds INSERT and SELECT only (SECURITY.md §6); the hash chain (audit-verify) shows
-- what an owner or superuser changed behind the trigger.
create function audit_refuse_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' and tg_table_name = 'audit_event' then
        if current_setting('xiezuo.audit_purge', true) = 'on'
                and old.occurred_at < now() - interval '184 days' then
            return old;
        end if;
    end if;
    raise exception '审计日志只可追加：拒绝对 % 执行 %', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_refuse_change();
create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_refuse_change();

create trigger audit_checkpoint_append_only
    before update or delete on audit_checkpoint
    for each row execute function audit_refuse_change();
create trigger audit_checkpoint_no_truncate
    before truncate on audit_checkpoint
    for each statement execute function audit_refuse_change();
