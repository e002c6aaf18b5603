import {
  LIST_CHANGE_REASON_LABEL,
  LIST_MOVE_LABEL,
  type ListChangeReason,
  type ListMove,
} from '../../../../src/domain/policy-library/no-application-list.ts';

/** Messages of the 免申即享清单 page (P2). Chinese first; the English object has the same shape. */
export const noApplicationZh = {
  title: '免申即享清单',
  intro: '符合条件的企业无需申请即可享受的政策条款，由政策部门依据共享数据确定名单后直接兑现（P2）。清单随政策库自动更新：政策施行或条款标为免申即享时列入，取消标记、政策修订、废止或到期时移出。',
  asOf: (day: string) => `截至 ${day}`,
  count: (count: number) => `共 ${count} 项条款`,
  library: '政策库',
  columns: {
    policy: '政策',
    documentNo: '文号',
    clause: '条款',
    amount: '兑现标准',
    conditions: '申报条件',
    enteredOn: '列入日期',
  },
  noConditions: '无特定条件',
  empty: '清单中暂无条款',
  history: '变动记录',
  historyEmpty: '暂无变动',
  move: LIST_MOVE_LABEL as Record<ListMove, string>,
  reason: LIST_CHANGE_REASON_LABEL as Record<ListChangeReason, string>,
  because: (reason: string) => `原因：${reason}`,
  showAll: (count: number) => `显示全部 ${count} 条`,
};

export const noApplicationEn: typeof noApplicationZh = {
  title: 'No-application list',
  intro:
    'Clauses an eligible enterprise enjoys without applying: the department settles the list of beneficiaries from shared data and pays directly (P2). The list follows the policy library: a clause enters when its policy takes effect or it is marked, and leaves when the mark is cleared or its policy is revised, abolished or expires.',
  asOf: (day: string) => `As of ${day}`,
  count: (count: number) => (count === 1 ? '1 clause' : `${count} clauses`),
  library: 'Policy library',
  columns: {
    policy: 'Policy',
    documentNo: 'Document no.',
    clause: 'Clause',
    amount: 'Standard',
    conditions: 'Eligibility',
    enteredOn: 'Listed on',
  },
  noConditions: 'No particular condition',
  empty: 'No clause on the list',
  history: 'Changes',
  historyEmpty: 'No change yet',
  move: { entered: 'Listed', left: 'Removed' },
  reason: { effective: 'Took effect', update: 'Updated', revise: 'Revised', abolish: 'Abolished', expire: 'Expired' },
  because: (reason: string) => `Reason: ${reason}`,
  showAll: (count: number) => `Show all ${count}`,
};
