/**
 * Messages of the long lists staff work in (台账, 受理台, 督办中心, the report tables): the page
 * header's breadcrumb, the count (共N条), the totals row, page sizes, and the ledger's labelled
 * filters. Chinese first; the English object has the same shape.
 */
export const listViewZh = {
  /** The breadcrumb's first step: the platform. */
  home: '首页',
  /** The menu's groups, also the breadcrumb's second step (首页 / 案件办理 / 受理台). */
  sections: {
    work: '案件办理',
    analysis: '报告与公开',
    policy: '惠企政策',
    investment: '招商引资',
    admin: '平台管理',
    enterprise: '企业服务',
  },
  /** The phone header's menu button, which opens the menu over the page. */
  openMenu: '打开菜单',
  /** On a phone the ledger's filters sit behind one button; its count is the filters set. */
  filtersButton: '筛选',
  filtersTitle: '筛选条件',
  filtersDone: '完成',
  /** antd Pagination's showTotal: '共 128 条'. */
  total: (count: number) => `共 ${count} 条`,
  /** The first cell of a table's totals row. */
  totalsRow: '合计',
  /** The totals row's note: the sums cover every case of the filter, not only this page. */
  totalsNote: (count: number) => `（全部 ${count} 件）`,
  operation: '操作',
  claimedAmount: '申报金额',
  confirmedAmount: '确认金额',
  ledger: {
    subtitle: '全部问题事项，按条件筛选、排序和翻页；筛选条件保存在网址中，可复制链接分享',
    filters: {
      search: '关键词',
      line: '专项行动',
      kind: '案件类型',
      state: '状态',
      source: '问题来源',
      jurisdiction: '属地',
      responsibleUnit: '责任单位',
      registered: '登记日期',
      deadline: '办理期限',
      closed: '办结日期',
      paid: '付款日期',
      outstanding: '未清偿金额（元）',
      outstandingFrom: '最少',
      outstandingTo: '最多',
      flags: '其他条件',
      more: '更多条件',
      less: '收起',
      apply: '查询',
      amountInvalid: '请输入不超过两位小数的非负金额（元）',
    },
  },
};

export const listViewEn: typeof listViewZh = {
  home: 'Home',
  sections: {
    work: 'Case work',
    analysis: 'Reports & disclosure',
    policy: 'Business policies',
    investment: 'Investment',
    admin: 'Administration',
    enterprise: 'Enterprise services',
  },
  openMenu: 'Open menu',
  filtersButton: 'Filters',
  filtersTitle: 'Filters',
  filtersDone: 'Done',
  total: (count: number) => `${count} in total`,
  totalsRow: 'Total',
  totalsNote: (count: number) => ` (all ${count} cases)`,
  operation: 'Actions',
  claimedAmount: 'Claimed',
  confirmedAmount: 'Confirmed',
  ledger: {
    subtitle: 'Every case, filtered, sorted and paged; the filters live in the address, so a link opens the same view',
    filters: {
      search: 'Keywords',
      line: 'Action line',
      kind: 'Case kind',
      state: 'State',
      source: 'Source',
      jurisdiction: 'Jurisdiction',
      responsibleUnit: 'Responsible unit',
      registered: 'Registered',
      deadline: 'Time limit',
      closed: 'Closed',
      paid: 'Paid on',
      outstanding: 'Unpaid amount (yuan)',
      outstandingFrom: 'At least',
      outstandingTo: 'At most',
      flags: 'Other',
      more: 'More filters',
      less: 'Fewer filters',
      apply: 'Search',
      amountInvalid: 'Enter a non-negative amount in yuan with at most two decimals',
    },
  },
};
