import { units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS } from '../../src/db/seed/hanjiang.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import type { TestApp } from './app.ts';

/** The enterprises of the policy line's API tests: one in 汉东区, signed in as `qiye1`, one in 江北区, as `qiye2`. */
export const FIRM = 'ent-test-hanshui';
export const OTHER_FIRM = 'ent-test-hengxin';

/** Records both enterprises in the test city, with their portal accounts. */
export const addTestFirms = async (t: TestApp): Promise<void> => {
  await t.app.db.insert(units).values([
    { id: FIRM, tenantId: t.app.tenantId, name: '湖北汉水智能装备有限公司', kind: 'enterprise', creditCode: makeCreditCode('91422902MA49TQ2N0'), jurisdictionId: JURISDICTION_IDS.handong },
    { id: OTHER_FIRM, tenantId: t.app.tenantId, name: '江北区恒信医疗器械有限公司', kind: 'enterprise', creditCode: makeCreditCode('91422903MA4B7E2K0'), jurisdictionId: JURISDICTION_IDS.jiangbei },
  ]);
  await t.addEnterpriseAccount('qiye1', FIRM);
  await t.addEnterpriseAccount('qiye2', OTHER_FIRM);
};
