-- 按期办结 (the dispatch report's closed-on-time figure) kept on the case instead of probed from
-- its events by every report: at 100,000 cases the probe took about 1 s of the report's 1.33 s
-- (31,670 closed cases × one index range of each case's events), and it grows with the closed
-- cases. The projection now carries `settledOnTime` (src/domain/case/evolve.ts): whether the
-- last event that brought the case to 已办结 from another state, other than a return of its
-- feedback, came on a day (Asia/Shanghai) no later than the deadline in force just before it;
-- `closed_on_time` is that for a closed case, false for every other.
alter table cases add column closed_on_time boolean not null default false;

-- The cases already there: the same definition read from their events (the probe the report ran),
-- written into the projection's detail and the column, as replaying the events now gives them.
-- The deadline in force before an event is the one the event before it left.
update cases c
set detail = jsonb_set(c.detail, '{settledOnTime}', to_jsonb(s.on_time)),
    closed_on_time = c.state = 'closed' and s.on_time
from (
  select distinct on (e.tenant_id, e.case_id) e.tenant_id, e.case_id,
         p.deadline is null or (e.at at time zone 'Asia/Shanghai')::date <= p.deadline as on_time
  from case_events e
  join case_events p on p.tenant_id = e.tenant_id and p.case_id = e.case_id and p.seq = e.seq - 1
  where e.state_after = 'settled' and e.state_before <> 'settled' and e.type <> 'return'
  order by e.tenant_id, e.case_id, e.seq desc
) s
where c.tenant_id = s.tenant_id and c.id = s.case_id;
