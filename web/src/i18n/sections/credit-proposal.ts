/**
 * Messages of 提请信用认定 (S4): the case page's button and form, and what 信用办's 新增记录 form
 * shows of a proposal. Chinese first; the English object has the same shape.
 */

/** 汉江市招商局 → 招商局: the city's name adds nothing on a tag; the full name stays in its tooltip. */
const shortUnit = (name: string): string => name.replace(/^[\u4e00-\u9fa5]{2,3}市(?=[\u4e00-\u9fa5]{2,})/, '');

export const creditProposalZh = {
  propose: '提请信用认定',
  title: '提请市信用办认定失信',
  intro: '将本事项提请市信用办认定为违约失信。信用办审核后责令责任单位限期整改；逾期未整改或拒不整改的，认定为违约失信并记入政府失信记录。',
  facts: '失信事实',
  factsPlaceholder: '写明承诺或义务、应履行的期限、未履行的事实和督办情况',
  done: '已提请信用办认定',
  proposed: (day: string) => `已提请信用办认定（${day}）`,
  /** The record 信用办 opened from the case, by its status: 责令整改中, 已认定… */
  record: (number: string, status: string) => `信用办失信记录${number}（${status}）`,
  tag: (unitName: string) => `${shortUnit(unitName)}提请`,
  by: (unitName: string, name: string, day: string) => `${unitName} ${name} 于 ${day} 提请`,
  unitProposed: (count: number) => `（${count}件提请）`,
  caseProposed: '【提请】',
  prefilled: '失信事实已按提请内容预填，可修改。',
  pending: (count: number) => `${count}件待认定提请`,
};

export const creditProposalEn: typeof creditProposalZh = {
  propose: 'Propose breach',
  title: 'Propose to the credit office as a breach of trust',
  intro: 'Put this case before the credit office as a breach of trust. The office orders the responsible unit to rectify by a deadline; a unit that does not, or refuses, is found in breach and recorded.',
  facts: 'Facts of the breach',
  factsPlaceholder: 'The promise or obligation, its time limit, what was not done and the supervision so far',
  done: 'Proposed to the credit office',
  proposed: (day: string) => `Proposed to the credit office (${day})`,
  record: (number: string, status: string) => `Credit record ${number} (${status})`,
  tag: (unitName: string) => `Proposed by ${shortUnit(unitName)}`,
  by: (unitName: string, name: string, day: string) => `Proposed by ${name}, ${unitName}, on ${day}`,
  unitProposed: (count: number) => ` (${count} proposed)`,
  caseProposed: '[Proposed] ',
  prefilled: 'The facts are taken from the proposal; edit them as needed.',
  pending: (count: number) => `${count} proposals waiting`,
};
