/**
 * A case's printable documents, generated on request from the case page's own data (`getCase`),
 * so they show what the reader may see and nothing else: the 案件办理单 — the 销号审批表 once the
 * case is closed (G3) — for staff, and the 受理回执 (S3) for the enterprise of an accepted case.
 */
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import { isStaffRole } from '../domain/identity/security-policy.ts';
import { LINE_LABEL, SOURCE_LABEL } from '../domain/lines/vocabulary.ts';
import { formatWanYuan, formatYuan } from '../domain/money.ts';
import type { CaseDocumentContent } from '../io/case-documents-docx.ts';
import { readTenant } from '../setup/tenant.ts';
import { getCase } from './get-case.ts';

export interface CaseDocumentFile {
  readonly fileName: string;
  readonly content: Buffer;
}

const day = (instant: string) => todayInShanghai(new Date(instant));
/** 2026年3月2日, as a letter to an enterprise writes a day. */
const longDay = (date: string) => {
  const [year, month, dayOfMonth] = date.split('-');
  return `${year}年${Number(month)}月${Number(dayOfMonth)}日`;
};
/**
 * The .docx bytes of `content`. docx (and the module that draws with it) is imported on the first
 * document asked for, not at every start: a server that never prints one never loads it.
 */
const renderDocx = async (content: CaseDocumentContent): Promise<Buffer> => (await import('../io/case-documents-docx.ts')).renderCaseDocument(content);

const money = (fen: number | null) => (fen === null ? '—' : `${formatYuan(fen)}（${formatWanYuan(fen)}）`);

/**
 * The 案件办理单 of a case, or its 销号审批表 once closed: the case, its amounts and deadline, the
 * timeline of actions with dates and actors, the written feedback and the 销号 decision.
 * @throws AppError CASE_NOT_FOUND when the case does not exist or the actor may not read it;
 *   FORBIDDEN for an enterprise (the form is the offices' working paper)
 */
export const getCaseHandlingForm = async (app: AppContext, actor: Actor, caseId: string): Promise<CaseDocumentFile> => {
  const view = await getCase(app, actor, caseId);
  if (!isStaffRole(actor.role)) throw new AppError('FORBIDDEN', '案件办理单仅供办理单位和管理部门使用；企业可下载受理回执');
  const tenant = await readTenant(app);
  const closed = view.state === 'closed';
  const closing = [...view.events].reverse().find((event) => event.type === 'close');
  const title = closed ? '问题事项销号审批表' : '问题事项办理单';
  const content: CaseDocumentContent = {
    creator: tenant.businessOfficeName ?? tenant.name,
    title,
    subtitle: `事项编号：${view.number}`,
    rows: [
      ['事项名称', view.title],
      ['专项行动', LINE_LABEL[view.line]],
      ['问题来源', SOURCE_LABEL[view.source]],
      ['企业', view.enterprise === null ? '—' : `${view.enterprise.name}（统一社会信用代码 ${view.enterprise.creditCode}）`],
      ['责任单位', view.responsibleUnit.name],
      ['办理单位', view.handlingUnit.name],
      ['属地', view.jurisdiction.name],
      ['登记日期', day(view.registeredAt)],
      ['当前状态', view.stateLabel],
      ['企业主张金额', money(view.claimedAmount)],
      ['确认金额', money(view.confirmedAmount)],
      ['已清偿', money(view.paidAmount)],
      ['未清偿', money(view.outstandingAmount)],
      ['办理期限', view.deadline ?? '—'],
    ],
    sections: [
      { heading: '一、基本情况', paragraphs: [view.facts] },
      {
        heading: '二、办理过程',
        table: {
          header: ['日期', '办理事项', '办理人', '状态'],
          widths: [16, 30, 30, 24],
          rows: view.events.map((event) => [
            day(event.at),
            event.label,
            event.actor.name,
            event.stateBefore === event.stateAfter ? CASE_STATE_LABEL[event.stateAfter] : `${event.stateBefore === null ? '' : `${CASE_STATE_LABEL[event.stateBefore]} → `}${CASE_STATE_LABEL[event.stateAfter]}`,
          ]),
        },
      },
      {
        heading: '三、书面反馈',
        paragraphs: view.feedback === null ? ['尚未提交书面反馈。'] : [view.feedback.summary, `提交日期：${day(view.feedback.submittedAt)}；附件${view.feedback.documents.length}份。`],
      },
      ...(closed
        ? [
            {
              heading: '四、销号意见',
              paragraphs: [
                `经审核，同意销号。${(closing?.payload as { opinion?: string | null } | undefined)?.opinion ?? ''}`,
                `销号日期：${view.closedAt === null ? '—' : day(view.closedAt)}；审核人：${closing?.actor.name ?? '—'}`,
              ],
            },
          ]
        : []),
    ],
    footer: [tenant.businessOfficeName ?? tenant.name, `打印日期：${todayInShanghai(app.clock())}`],
  };
  return { fileName: `${title}-${view.number}.docx`, content: await renderDocx(content) };
};

/**
 * The 受理回执 of an accepted case, in plain words for its enterprise: the number, the day it
 * was accepted, the unit that handles it, the deadline and how to follow it.
 * @throws AppError CASE_NOT_FOUND when the case does not exist or the actor may not read it
 *   (another enterprise's case); CASE_NOT_ACCEPTED while 营商办 has not accepted it
 */
export const getAcceptanceReceipt = async (app: AppContext, actor: Actor, caseId: string): Promise<CaseDocumentFile> => {
  const view = await getCase(app, actor, caseId);
  const acceptedAt = view.intake?.status === 'accepted' ? view.intake.acceptedAt : null;
  if (acceptedAt === null || view.state === 'dismissed') throw new AppError('CASE_NOT_ACCEPTED', '该诉求尚未受理，暂无受理回执');
  const tenant = await readTenant(app);
  const office = tenant.businessOfficeName ?? tenant.name;
  const accepted = day(acceptedAt);
  const unit = view.responsibleUnit.name;
  const content: CaseDocumentContent = {
    creator: office,
    title: '受理回执',
    subtitle: `事项编号：${view.number}`,
    rows: [
      ['事项编号', view.number],
      ['诉求事项', view.title],
      ['企业名称', view.enterprise?.name ?? '—'],
      ['受理日期', accepted],
      ['责任单位', unit],
      ['办理期限', view.deadline ?? '按规定期限办理'],
    ],
    sections: [
      {
        heading: '告知事项',
        paragraphs: [
          `${view.enterprise?.name ?? '贵单位'}：您反映的“${view.title}”已于${longDay(accepted)}受理，交由${unit}办理。`,
          view.deadline === null
            ? `${unit}将按规定期限核实处理，并把结果告诉您。`
            : `${unit}应在${longDay(view.deadline)}前核实处理，并把结果告诉您；到期未办的，${office}将督促办理。`,
          `查看进度：登录本平台，在“我的诉求”中找到事项编号${view.number}，可以看到办到哪一步、下一步做什么。需要补充材料或有疑问，请联系${office}。`,
        ],
      },
    ],
    footer: [office, longDay(accepted)],
  };
  return { fileName: `受理回执-${view.number}.docx`, content: await renderDocx(content) };
};
