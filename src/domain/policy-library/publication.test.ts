import { describe, expect, it } from 'vitest';
import { calendar, expectError } from '../../../test/support/domain.ts';
import {
  checkPublicationDate,
  gapCaseText,
  PUBLICATION_KINDS,
  publicationDueOn,
  publicationGaps,
  publicationInputSchema,
  type PublicationKind,
} from './publication.ts';

const POLICY = {
  title: '石门县小微企业创业担保贷款贴息办法（2026年修订）',
  documentNo: '石政发〔2026〕11号',
  status: 'in_force' as const,
  publishedOn: '2026-08-20',
  effectiveOn: '2026-09-01',
  expiresOn: '2028-06-30',
};

const GUIDE = {
  beneficiaries: '石门县内登记注册的小型、微型企业',
  conditions: '取得创业担保贷款且按期还本付息',
  fulfilmentTimeLimit: '受理后20个工作日内拨付贴息资金',
  applicationChannel: '石门县政务服务中心惠企政策兑现专窗，或湖北政务服务网“惠企政策直达”专区',
  consultationPhone: '0710-5221234、13872512345',
};

const record = (kind: PublicationKind, publishedOn = '2026-08-20') => ({ kind, publishedOn });
const allBut = (...missing: PublicationKind[]) => PUBLICATION_KINDS.filter((kind) => !missing.includes(kind)).map((kind) => record(kind));
const issuesOf = (input: unknown) => publicationInputSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);

describe('publication records of a policy (P1 知晓难)', () => {
  it('takes a dated record with a web link, and a guide with its five fields', () => {
    expect(publicationInputSchema.parse({ kind: 'interpretation', publishedOn: '2026-08-21', link: 'https://www.shimen.gov.cn/zcjd/2026/0821.html' })).toEqual({
      kind: 'interpretation',
      publishedOn: '2026-08-21',
      link: 'https://www.shimen.gov.cn/zcjd/2026/0821.html',
    });
    const guide = publicationInputSchema.parse({ kind: 'application_guide', publishedOn: '2026-08-28', link: 'http://zwfw.shimen.gov.cn/guide/11', guide: GUIDE });
    expect(guide.kind === 'application_guide' && guide.guide.consultationPhone).toBe('0710-5221234、13872512345');
  });

  it('refuses links that are not web pages, in Chinese', () => {
    for (const link of ['ftp://www.shimen.gov.cn/a.pdf', 'javascript:alert(1)', 'www.shimen.gov.cn', 'https://www.shimen.gov.cn/a b']) {
      expect(issuesOf({ kind: 'department_site', publishedOn: '2026-08-20', link })).toEqual([['link', '链接应为以 http:// 或 https:// 开头的网址']]);
    }
    expect(issuesOf({ kind: 'department_site', publishedOn: '2026-02-30', link: 'https://a.gov.cn' })).toEqual([['publishedOn', '发布日期应为有效日期（YYYY-MM-DD）']]);
    expect(issuesOf({ kind: 'poster', publishedOn: '2026-08-20', link: 'https://a.gov.cn' })?.[0]?.[1]).toBe('发布类型应为部门网站首页、政府门户网站、政策解读、咨询专窗或申兑指南');
  });

  it('requires every field of a guide, and a phone number people can call', () => {
    expect(issuesOf({ kind: 'application_guide', publishedOn: '2026-08-28', link: 'https://a.gov.cn' })).toEqual([['guide', expect.any(String)]]);
    expect(issuesOf({ kind: 'application_guide', publishedOn: '2026-08-28', link: 'https://a.gov.cn', guide: { ...GUIDE, beneficiaries: '  ', consultationPhone: '请拨打政务热线' } })).toEqual([
      ['guide.beneficiaries', '请填写受益对象'],
      ['guide.consultationPhone', '咨询电话格式不正确，应为如 0710-3325678 或 13812345678 的号码'],
    ]);
    for (const phone of ['12345', '0710-3325678转801', '07103325678', '400-123-4567', '13812345678 0710-5221234']) {
      expect(issuesOf({ kind: 'application_guide', publishedOn: '2026-08-28', link: 'https://a.gov.cn', guide: { ...GUIDE, consultationPhone: phone } }), phone).toBeUndefined();
    }
  });

  it('dates a record between the policy’s publication and today', () => {
    expectError(() => checkPublicationDate(POLICY, '2026-08-19', '2026-11-26'), 'VALIDATION_FAILED');
    expectError(() => checkPublicationDate(POLICY, '2026-11-27', '2026-11-26'), 'VALIDATION_FAILED');
    expect(() => checkPublicationDate(POLICY, '2026-08-20', '2026-11-26')).not.toThrow();
    expect(() => checkPublicationDate(POLICY, '2026-11-26', '2026-11-26')).not.toThrow();
  });

  it('dues the guide 7 working days after publication by the holiday calendar (直达快享, S1), the window at effect, the rest at publication', () => {
    expect(publicationDueOn(POLICY, 'application_guide', calendar)).toBe('2026-08-31');
    // Published on the Monday before National Day: 29, 30 September, then 8, 9, 10 (调休 Saturday), 12, 13 October.
    expect(publicationDueOn({ ...POLICY, publishedOn: '2026-09-28' }, 'application_guide', calendar)).toBe('2026-10-13');
    expect(publicationDueOn(POLICY, 'consultation_window', calendar)).toBe('2026-09-01');
    for (const kind of ['department_site', 'government_site', 'interpretation'] as const) expect(publicationDueOn(POLICY, kind, calendar)).toBe('2026-08-20');
  });

  it('flags a missing item of a policy in force only after its due day', () => {
    expect(publicationGaps(POLICY, allBut('application_guide'), '2026-09-01', calendar)).toEqual([{ kind: 'application_guide', dueOn: '2026-08-31', overdue: true }]);
    // In force from 1 September with the home page due on 20 August: overdue at once.
    expect(publicationGaps(POLICY, [], '2026-09-01', calendar).map((gap) => [gap.kind, gap.overdue])).toEqual([
      ['department_site', true],
      ['government_site', true],
      ['interpretation', true],
      ['consultation_window', false],
      ['application_guide', true],
    ]);
    const sameDay = { ...POLICY, effectiveOn: '2026-08-20' };
    expect(publicationGaps(sameDay, allBut('application_guide'), '2026-08-31', calendar)).toEqual([{ kind: 'application_guide', dueOn: '2026-08-31', overdue: false }]);
    expect(publicationGaps(sameDay, allBut('application_guide'), '2026-09-01', calendar)[0]?.overdue).toBe(true);
    expect(publicationGaps(POLICY, allBut(), '2026-11-26', calendar)).toEqual([]);
  });

  it('has no gaps before the policy takes effect, nor once it is revised, abolished or expired (P7)', () => {
    expect(publicationGaps(POLICY, [], '2026-08-31', calendar)).toEqual([]);
    expect(publicationGaps({ ...POLICY, status: 'abolished' }, [], '2026-11-26', calendar)).toEqual([]);
    expect(publicationGaps({ ...POLICY, status: 'revised' }, [], '2026-11-26', calendar)).toEqual([]);
    expect(publicationGaps(POLICY, [], '2028-07-01', calendar)).toEqual([]);
  });

  it('counts a record only from its date', () => {
    const late = [...allBut('application_guide'), record('application_guide', '2026-12-01')];
    expect(publicationGaps(POLICY, late, '2026-11-26', calendar).map((gap) => gap.kind)).toEqual(['application_guide']);
    expect(publicationGaps(POLICY, late, '2026-12-01', calendar)).toEqual([]);
  });

  it('words the rectification item with the policy, its 文号 and what is missing (G2)', () => {
    const text = gapCaseText(POLICY, { kind: 'application_guide', dueOn: '2026-08-31' }, '2026-09-01');
    expect(text.title).toBe('《石门县小微企业创业担保贷款贴息办法（2026年修订）》（石政发〔2026〕11号）发布后 7 个工作日内未发布申兑指南');
    expect(text.facts).toContain('应于 2026-08-31 前完成');
    expect(text.instruction).toContain('申兑指南');
    const long = gapCaseText({ ...POLICY, title: '关'.repeat(200) }, { kind: 'consultation_window', dueOn: '2026-09-01' }, '2026-09-02');
    expect(long.title).toHaveLength(200);
    expect(long.title.endsWith('（石政发〔2026〕11号）施行时未在政务服务大厅咨询专窗提供政策咨询')).toBe(true);
  });
});
