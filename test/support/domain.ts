import type { Actor, Role } from '../../src/domain/access/roles.ts';
import { expect } from 'vitest';
import { holidayCalendar, type LocalDate } from '../../src/domain/calendar.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { CaseCommand } from '../../src/domain/case/commands.ts';
import { decide, decideRegistration, type DecideContext } from '../../src/domain/case/decide.ts';
import type { CaseEvent, CaseEventDraft } from '../../src/domain/case/events.ts';
import { evolve } from '../../src/domain/case/evolve.ts';
import type { RegistrationPayload } from '../../src/domain/case/line-module.ts';
import type { CaseOf, CaseRecord } from '../../src/domain/case/record.ts';
import type { OpenLine } from '../../src/domain/lines/registry.ts';
import { officialHolidayRows } from '../../src/domain/holidays-official.ts';
import { DEFAULT_TIME_LIMITS } from '../../src/domain/supervision/time-limits.ts';

/** Pure-domain fixtures: a debtor (区教育局) in 汉东区, its enterprise creditor, and staff. */
export const UNITS = {
  debtor: 'u-handong-jiaoyuju',
  countyGovernment: 'u-handong-gov',
  cityGovernment: 'u-city-gov',
  enterprise: 'u-ent-1',
  otherEnterprise: 'u-ent-2',
  businessOffice: 'u-yingshangban',
  leadBureau: 'u-jingxinju',
} as const;

export const calendar = holidayCalendar(officialHolidayRows([2025, 2026]));

const actorOf = (role: Role, unitId: string | null, jurisdictionScope: string[] = []): Actor => ({
  id: `acc-${role}-${unitId ?? 'none'}`,
  name: `${role}@${unitId ?? '-'}`,
  role,
  unitId,
  jurisdictionScope,
});

export const ACTORS = {
  businessOffice: actorOf('business_office', UNITS.businessOffice),
  debtor: actorOf('unit_handler', UNITS.debtor),
  enterprise: actorOf('enterprise', UNITS.enterprise),
  otherEnterprise: actorOf('enterprise', UNITS.otherEnterprise),
  county: actorOf('county_coordinator', UNITS.countyGovernment, ['handong']),
  otherCounty: actorOf('county_coordinator', 'u-jiangbei-gov', ['jiangbei']),
  leadBureau: actorOf('lead_bureau', UNITS.leadBureau),
  leader: actorOf('leader', UNITS.cityGovernment),
  systemAdmin: actorOf('system_admin', null),
} satisfies Record<string, Actor>;

export const context = (actor: Actor, today: LocalDate, extra: Partial<DecideContext> = {}): DecideContext => ({
  actor,
  today,
  calendar,
  timeLimits: DEFAULT_TIME_LIMITS,
  escalationTarget: UNITS.cityGovernment,
  ...extra,
});

/** Places a draft in the case's history the way the repository does. */
export const place = (record: CaseRecord | null, draft: CaseEventDraft, actor: Actor, at: string): CaseEvent =>
  ({
    ...draft,
    caseId: record?.id ?? 'case-1',
    seq: (record?.version ?? 0) + 1,
    stateBefore: record?.state ?? null,
    actor: { id: actor.id, role: actor.role, name: actor.name },
    at,
  }) as CaseEvent;

export const registration = (overrides: Partial<RegistrationPayload> = {}): RegistrationPayload => ({
  number: 'QK2026-00001',
  line: 'arrears',
  source: 'self_inspection',
  title: '汉东区教育局拖欠校舍维修工程款',
  facts: '2025年校舍维修工程竣工验收合格，尾款未付。',
  instruction: null,
  enterprise: { unitId: UNITS.enterprise, name: '汉江市楚风建筑工程有限公司', creditCode: '91420100MA4K0000X1' },
  responsibleUnitId: UNITS.debtor,
  handlingUnitId: UNITS.debtor,
  jurisdictionId: 'handong',
  leadUnitId: UNITS.leadBureau,
  cooperatingUnitIds: ['u-caizhengju', 'u-shenjiju'],
  claimedAmount: 50_000_000,
  attachments: [],
  ...overrides,
});

/** A registered case as of `today` (an arrear unless `overrides` name another line), with its first event. */
export const registeredWithEvent = <L extends OpenLine = 'arrears'>(
  today: LocalDate = '2026-03-02',
  overrides: Partial<RegistrationPayload> & { line?: L } = {},
): { record: CaseOf<L>; event: CaseEvent } => {
  const draft = decideRegistration(registration(overrides), 'handong', context(ACTORS.debtor, today));
  const event = place(null, draft, ACTORS.debtor, `${today}T02:00:00.000Z`);
  return { record: evolve(null, event) as CaseOf<L>, event };
};

export const registered = <L extends OpenLine = 'arrears'>(today?: LocalDate, overrides?: Partial<RegistrationPayload> & { line?: L }): CaseOf<L> =>
  registeredWithEvent<L>(today, overrides).record;

/** Decides and applies one command; returns the case after it (on the same line) and the event. */
export const act = <R extends CaseRecord>(
  record: R,
  command: DistributiveOmit<CaseCommand, 'expectedVersion'>,
  actor: Actor,
  today: LocalDate,
  extra: Partial<DecideContext> = {},
): { record: R; event: CaseEvent } => {
  const full = { ...command, expectedVersion: record.version } as CaseCommand;
  const draft = decide(record, full, context(actor, today, extra));
  const event = place(record, draft, actor, `${today}T03:00:00.000Z`);
  return { record: evolve(record, event) as R, event };
};

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Asserts that `fn` throws an AppError with `code` and a Chinese message. */
export const expectError = (fn: () => unknown, code: string): void => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(/[\u4e00-\u9fa5]/);
    return;
  }
  throw new Error(`expected ${code}`);
};
