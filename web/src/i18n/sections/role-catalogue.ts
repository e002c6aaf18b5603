/**
 * Messages of the 角色与权限 tab of the 安全策略 page (issue 11: the 安全管理员's view of the
 * roles). The rights themselves come worded from the API (the domain's labels); these are the
 * frame around them. Chinese first; the English object has the same shape.
 */
export const roleCatalogueZh = {
  intro:
    '角色由规范确定（SPEC §5），平台不设自定义角色。以下权限由系统实际执行的访问规则生成，只读；两步验证、会话时限和允许网段为当前安全策略的设置。',
  groups: {
    business: '业务角色',
    businessHelp: '办理案件的角色，由系统管理员授予账号（县市区/管委会统筹人可为本县市区单位创建经办人账号）。',
    administrators: '三员',
    administratorsHelp: '三员分立：系统管理员、安全管理员、审计管理员互不兼任，不参与案件办理，不能管理三员账号和自己的账号；三员账号仅在初始化时创建。',
  },
  fields: {
    cases: '案件',
    registers: '登记案件',
    accounts: '账号管理',
    referenceData: '修改参考数据',
    security: '安全与审计',
    personalData: '查看完整手机号',
    signIn: '登录与会话',
  },
  none: '无',
  noCaseWork: '不参与案件办理',
  referenceReadOnly: '无（参考数据所有角色均可查看）',
  registrationReach: (reach: string, ownEnterpriseOnly: boolean) => `责任单位：${reach}${ownEnterpriseOnly ? '，仅以本企业名义' : ''}`,
  assigns: (reach: string) => `可授予角色（${reach}）`,
  reviewsRegistrations: '审核企业注册',
  setsSecurityPolicy: '设置安全策略',
  readsRoleCatalogue: '查看角色与权限',
  readsSecurityLog: '查阅、导出和校验安全审计日志',
  personalDataLogged: '每次查看记入安全审计日志',
  casePhones: '案件中的手机号',
  accountPhones: (reach: string) => `所管理账号的手机号（${reach}）`,
  registrationPhones: '企业注册申请人的手机号',
  secondFactor: '须两步验证',
  noSecondFactor: '无须两步验证',
  idleMinutes: (minutes: number) => `空闲 ${minutes} 分钟后须重新登录`,
  absoluteHours: (hours: number) => `登录最长 ${hours} 小时`,
  networks: (networks: string) => `仅限网段：${networks}`,
  anyNetwork: '不限网段',
};

export const roleCatalogueEn: typeof roleCatalogueZh = {
  intro:
    'The roles are fixed by the specification (SPEC §5); the platform has no custom roles. The rights below are generated from the access rules the platform enforces and are read-only; the second factor, session limits and networks are the current security policy’s.',
  groups: {
    business: 'Business roles',
    businessHelp: 'The roles of case work, given to accounts by the system administrator (a county coordinator creates the handlers of the county’s units).',
    administrators: 'The three administrators',
    administratorsHelp:
      'Separation of duties: the system, security and audit administrators hold no other role, do no case work and administer neither one another’s accounts nor their own; their accounts are made only when the city is set up.',
  },
  fields: {
    cases: 'Cases',
    registers: 'Registers cases',
    accounts: 'Accounts',
    referenceData: 'Edits reference data',
    security: 'Security and audit',
    personalData: 'Sees full phone numbers',
    signIn: 'Sign-in and sessions',
  },
  none: 'None',
  noCaseWork: 'No case work',
  referenceReadOnly: 'None (every role reads the reference data)',
  registrationReach: (reach: string, ownEnterpriseOnly: boolean) => `Responsible units: ${reach}${ownEnterpriseOnly ? ', in its own enterprise’s name only' : ''}`,
  assigns: (reach: string) => `Gives the roles (${reach})`,
  reviewsRegistrations: 'Reviews enterprise registrations',
  setsSecurityPolicy: 'Sets the security policy',
  readsRoleCatalogue: 'Reads the roles and rights',
  readsSecurityLog: 'Reads, exports and verifies the security audit log',
  personalDataLogged: 'Each reveal is logged',
  casePhones: 'Phones on cases',
  accountPhones: (reach: string) => `Phones of the accounts it administers (${reach})`,
  registrationPhones: 'Phones of enterprise registrants',
  secondFactor: 'Second factor required',
  noSecondFactor: 'No second factor',
  idleMinutes: (minutes: number) => `Signed out after ${minutes} idle minutes`,
  absoluteHours: (hours: number) => `Sessions last ${hours} hours at most`,
  networks: (networks: string) => `Only from ${networks}`,
  anyNetwork: 'From any network',
};
