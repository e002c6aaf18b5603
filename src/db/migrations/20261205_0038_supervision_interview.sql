-- 保障中小企业款项支付条例 第二十三条: 督办, 约谈 and 通报, in that order. The ladder gains the
-- interview (约谈) between formal supervision and the public notice, after a number of working days
-- overdue that each tenant sets like the other thresholds: more than 督办's, fewer than 通报's.

alter table supervision_thresholds add column interview_after_days integer;

-- A tenant that set its thresholds gets 约谈 halfway between its 督办 and its 通报. Where 通报
-- followed 督办 by a single working day there is no day between them: 约谈 takes 通报's day and
-- 通报 moves one working day later, so the ladder keeps its order.
update supervision_thresholds
  set interview_after_days = notice_after_days,
      notice_after_days = notice_after_days + 1
  where notice_after_days - supervision_after_days < 2;
update supervision_thresholds
  set interview_after_days = (supervision_after_days + notice_after_days) / 2
  where interview_after_days is null;

alter table supervision_thresholds alter column interview_after_days set not null;

alter table supervision_thresholds
  add constraint supervision_thresholds_interview_check check (interview_after_days between 2 and 90),
  drop constraint supervision_thresholds_notice_check,
  add constraint supervision_thresholds_notice_check check (notice_after_days between 3 and 120),
  drop constraint supervision_thresholds_order_check,
  add constraint supervision_thresholds_order_check
    check (interview_after_days > supervision_after_days and notice_after_days > interview_after_days);
