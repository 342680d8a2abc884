-- An entry's first reporting unit (填报单位) lives in ledger_entry.unit_id only; ledger_attribution keeps
-- the further units. Writing every entry's first unit twice cost an import one more row, index entry and
-- three foreign-key checks per record (ADR 0020). Every query reads both places.
delete from ledger_attribution
 where exists (select 1 from ledger_entry e where e.id = ledger_attribution.entry_id and e.unit_id = ledger_attribution.unit_id);

-- Imports de-duplicate in the application and write the ledger directly since ADR 0019: no staging.
drop table ledger_staging;
