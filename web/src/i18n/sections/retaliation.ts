import { CASE_KIND_LABEL, type CaseKind } from '../../../../src/domain/lines/case-kinds.ts';
import { RETALIATION_ARTICLE, RETALIATION_CONDUCT_LABEL, type RetaliationConduct } from '../../../../src/domain/lines/arrears/retaliation.ts';

/**
 * Messages of a complaint of retaliation (保障中小企业款项支付条例第二十条): its kind's tag and
 * filter, the portal's form and the staff's registration, its facts on the case page. Chinese first; the English object has
 * the same shape.
 */
export const retaliationZh = {
  kind: CASE_KIND_LABEL as Record<CaseKind, string>,
  kindFilter: '案件类型',
  conduct: RETALIATION_CONDUCT_LABEL as Record<RetaliationConduct, string>,
  article: RETALIATION_ARTICLE,
  form: {
    complaintKind: '诉求类型',
    arrears: '欠款诉求',
    retaliation: '打击报复投诉',
    intro: `${RETALIATION_ARTICLE}规定，机关、事业单位和大型企业不得以任何形式对投诉或者催要账款的中小企业进行打击报复。因投诉或催款遭受取消合同、拒绝验收、排斥投标、拖延支付其他款项等对待的，可在此投诉，由市营商办受理后交被投诉单位的上级或牵头部门调查处理，并书面告知处理结果。`,
    unit: '被投诉单位',
    subjectPlaceholder: '如：投诉××局因本企业催款取消后续供货合同',
    conductLabel: '打击报复情形',
    occurredOn: '发生日期',
    priorCase: '此前提出的诉求（可选）',
    priorCasePlaceholder: '选择本企业此前投诉或催款的事项',
    factsPlaceholder: '请写明此前投诉或催要账款的经过、对方采取的具体做法及时间、造成的影响，并上传相关证明材料',
    attachments: '证明材料',
    /** The staff's registration of a complaint received through an outside channel (来信来访, the complaint platforms). */
    staff: {
      intro: `企业通过来信来访、投诉平台等渠道反映因投诉或催款遭受打击报复的，依据${RETALIATION_ARTICLE}登记为打击报复投诉：不登记欠款金额和合同，登记后待市营商办受理，交被投诉单位的上级或牵头部门调查处理。`,
      subjectPlaceholder: '如：××公司投诉××局因其催款取消后续供货合同',
      factsPlaceholder: '请写明企业此前投诉或催要账款的经过、对方采取的具体做法及时间、造成的影响',
      priorCase: '原诉求编号（可选）',
      priorCasePlaceholder: '选择该企业此前投诉或催款的事项',
      priorCaseNeedsEnterprise: '请先填写企业统一社会信用代码',
      priorCaseNone: '平台上尚无该企业的诉求事项',
    },
  },
  card: {
    title: '打击报复投诉',
    conduct: '打击报复情形',
    occurredOn: '发生日期',
    priorCase: '此前诉求',
    none: '未填写',
    path: `依据${RETALIATION_ARTICLE}：不进入清偿程序；受理交办后由责任单位的上级或牵头部门调查处理，书面告知投诉人处理结果后书面反馈、销号。`,
  },
};

export const retaliationEn: typeof retaliationZh = {
  kind: { retaliation: 'Retaliation complaint' },
  kindFilter: 'Case kind',
  conduct: {
    cancel_contracts: 'Other contracts cancelled, ended or not renewed',
    refuse_acceptance: 'Acceptance refused or delayed',
    tender_exclusion: 'Restricted or excluded from tenders',
    delay_payments: 'Other payments delayed',
    other: 'Other retaliation',
  },
  article: 'Art. 20 of the Regulation on Ensuring Payments to SMEs',
  form: {
    complaintKind: 'Kind of complaint',
    arrears: 'Arrears',
    retaliation: 'Retaliation complaint',
    intro:
      'Under Art. 20 of the Regulation on Ensuring Payments to SMEs, public bodies, institutions and large enterprises may not retaliate against an SME for complaining or asking to be paid. If you were treated so (contracts cancelled, acceptance refused, excluded from tenders, other payments delayed), complain here: the business-environment office accepts it and hands it to the unit’s superior or the lead bureau, who tell you the result in writing.',
    unit: 'Unit complained of',
    subjectPlaceholder: 'e.g. the bureau cancelled our supply contract after we asked to be paid',
    conductLabel: 'What the unit did',
    occurredOn: 'Date',
    priorCase: 'Earlier complaint (optional)',
    priorCasePlaceholder: 'Choose your earlier complaint or request',
    factsPlaceholder: 'How you complained or asked to be paid, what the unit did and when, and the effect; attach the evidence',
    attachments: 'Evidence',
    staff: {
      intro:
        'An enterprise that reports, by petition or through a complaint platform, that it was retaliated against for complaining or asking to be paid is registered here as a retaliation complaint under Art. 20: no amount and no contract; it waits for the business-environment office’s intake, which hands it to the unit’s superior or the lead bureau to investigate.',
      subjectPlaceholder: 'e.g. the company complains that the bureau cancelled its supply contract after it asked to be paid',
      factsPlaceholder: 'How the enterprise complained or asked to be paid, what the unit did and when, and the effect',
      priorCase: 'Earlier case number (optional)',
      priorCasePlaceholder: 'Choose the enterprise’s earlier complaint or request',
      priorCaseNeedsEnterprise: 'Enter the enterprise’s credit code first',
      priorCaseNone: 'The enterprise has no case on the platform yet',
    },
  },
  card: {
    title: 'Retaliation complaint',
    conduct: 'What the unit did',
    occurredOn: 'Date',
    priorCase: 'Earlier complaint',
    none: 'Not given',
    path: 'Under Art. 20: no payment path; once accepted, the unit’s superior or the lead bureau investigates, tells the complainant the result in writing, then feeds back for closure.',
  },
};
