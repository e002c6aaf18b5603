import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { performCaseAction } from '../../src/cases/perform-case-action.ts';
import { registerCase } from '../../src/cases/register-case.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import type { CaseCommand } from '../../src/domain/case/commands.ts';
import type { CaseRecord } from '../../src/domain/case/record.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import type { DistributiveOmit } from './domain.ts';

export type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;

/**
 * Registers an arrear assigned by `actor` through the real use case, for an enterprise whose
 * valid credit code is made from `organisation` (up to 8 characters of the code's charset).
 */
export const registerTestArrear = (
  app: AppContext,
  actor: Actor,
  input: { title: string; enterpriseName: string; organisation: string; responsibleUnitId: string; claimedAmount: number },
): Promise<CaseRecord> =>
  registerCase(app, actor, {
    line: 'arrears',
    source: 'assigned',
    title: input.title,
    facts: '测试数据',
    instruction: '请核实处理。',
    enterprise: { name: input.enterpriseName, creditCode: makeCreditCode(`91422900M${input.organisation.padEnd(8, '0')}`) },
    responsibleUnitId: input.responsibleUnitId,
    claimedAmount: input.claimedAmount,
  });

/** Performs commands one after another on the case's current version; returns the case after them. */
export const runCommands = async (app: AppContext, actor: Actor, record: CaseRecord, ...commands: Command[]): Promise<CaseRecord> => {
  let current = record;
  for (const command of commands) {
    current = await performCaseAction(app, actor, current.id, { ...command, expectedVersion: current.version } as CaseCommand);
  }
  return current;
};

/** The enterprise of `canteenComplaint`. */
export const CANTEEN_FIRM = { name: '汉江市鼎盛装饰工程有限公司', creditCode: makeCreditCode('91422900MA4DK8000') };

/**
 * The body of POST /api/cases for a complaint through the 非公有制企业服务平台 (a complaint under
 * 保障中小企业款项支付条例 第二十五条): 汉东区教育局 has not paid 360,000 元 for a canteen renovation.
 */
export const canteenComplaint = (enterprise: { name: string; creditCode: string } = CANTEEN_FIRM) => ({
  line: 'arrears' as const,
  source: 'complaint_platform' as const,
  title: '企业投诉汉东区教育局拖欠食堂改造工程款',
  facts: '2025年食堂改造工程已竣工验收，工程款36万元至今未付，企业经非公有制企业服务平台投诉。',
  enterprise,
  responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
  claimedAmount: 36_000_000,
});

/** The fields an accepted case action answers with (`CaseActionResult`), and only those. */
const ACTION_RESULT_KEYS = ['deadline', 'id', 'line', 'number', 'state', 'supervisionLevel', 'updatedAt', 'version'];

/**
 * An accepted action answers with the case's head, not its page: checks that the answer is that
 * head and that the page, read again by `read` (as the actor), agrees with it, and gives the page.
 * A refused action's answer is given back as it is.
 */
export const pageAfterAction = async (answer: LightMyRequestResponse, read: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> => {
  if (answer.statusCode !== 200) return answer;
  const head = answer.json<Record<string, unknown>>();
  expect(Object.keys(head).sort()).toEqual(ACTION_RESULT_KEYS);
  const page = await read();
  expect(page.json()).toMatchObject(head);
  return page;
};
