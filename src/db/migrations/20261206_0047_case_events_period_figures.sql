-- The dispatch report (src/dispatch/dispatch-report.ts) counts a period's returns (G3), ratings
-- and requests to reopen: a few events in a thousand. Through case_events_tenant_at_idx a period
-- of most of a year reads nearly every event of the city, and PostgreSQL chose a scan of the
-- whole table (0.44 s of the report's 1.65 s at 100,000 cases and 2 million events). This index
-- holds those three types alone, so it costs the other events' writes nothing. The report names
-- the three types as literals, so that the planner can prove the index's condition whatever the
-- plan (a parameter would not prove it in a generic plan).
create index case_events_period_figures_idx on case_events (tenant_id, at) where type in ('return', 'rate', 'request_reopen');

-- The report's 约谈 and 通报 lists (S2, Art. 23): the period's supervisions at those two steps of
-- the ladder, which were found by a scan of the whole table too (0.43 s at 2 million events).
create index case_events_ladder_steps_idx on case_events (tenant_id, at) where type = 'supervise' and payload ->> 'level' in ('interview', 'notice');
