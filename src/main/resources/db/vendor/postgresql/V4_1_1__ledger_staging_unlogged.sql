-- Staged import rows live only inside an import's transaction; PostgreSQL need not log them.
alter table ledger_staging set unlogged;
