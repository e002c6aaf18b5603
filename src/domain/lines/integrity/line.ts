import { FLOW } from '../../case/actions.ts';
import { COMMON_STEPS, returnStep } from '../../case/common-steps.ts';
import { draft, timed } from '../../case/decision.ts';
import type { LineModule } from '../../case/line-module.ts';
import { AppError } from '../../errors.ts';
import type { RuleId } from '../../rules.ts';
import { recordedRectification } from '../rectification.ts';
import { SOURCES } from '../vocabulary.ts';
import { integrityClassificationSchema, integrityPlanFields } from './commands.ts';
import type { IntegrityCase, IntegrityEventPayloads, IntegrityLineFacts } from './facts.ts';

/**
 * 政府守信践诺再提升 (SPEC §3.4, G2): a government's own unkept commitment or unlawful practice,
 * found by self-inspection, audit or assignment, is put on a rectification plan that takes
 * effect at once, carried out by its time limit and closed on written feedback (G3). It may
 * concern no enterprise, and it is the government's own finding, never an enterprise's complaint.
 */
export const integrityLine: LineModule<'integrity', IntegrityLineFacts, IntegrityEventPayloads, typeof integrityClassificationSchema, typeof integrityPlanFields> = {
  line: 'integrity',
  numberPrefix: 'SX',
  // An enterprise's own complaint is about what it is owed (arrears, policy, investment); 营商办 may assign what it reveals.
  sources: SOURCES.filter((source) => source !== 'enterprise'),
  initialFacts: { rectification: null },
  // G2: a rectification item may concern no enterprise (a county's own unlawful contract clause).
  checkRegistration: () => undefined,
  classification: integrityClassificationSchema,
  planFields: integrityPlanFields,
  planLabel: '整改方案',
  steps: {
    ...COMMON_STEPS,
    // G2: every self-inspected or assigned problem gets a rectification plan.
    classify: {
      to: ['planning'],
      decide: (_record, { classification }, context) => {
        if (classification.line !== 'integrity') {
          throw new AppError('ACTION_NOT_FOR_LINE', '分类信息与专项行动类别不符', { field: 'classification.line' });
        }
        return draft('classify', { line: 'integrity' as const, note: classification.note || null }, 'G2', 'planning', timed('planning', context));
      },
      evolve: (record) => record,
    },
    /**
     * G2: a rectification plan takes effect at once (no enterprise consent); its time limit is
     * the case's deadline. A time limit in a later year is allowed but flagged, as A2's "原则上不得跨年".
     */
    propose_plan: {
      to: ['performing'],
      decide: (_record, command, context) => {
        const rectification = recordedRectification(command.rectification, context);
        return draft('propose_plan', { rectification, note: command.note || null }, 'G2', 'performing', rectification.timeLimit);
      },
      evolve: (record, { payload }) => ({ ...record, rectification: payload.rectification }),
    },
    fulfil: {
      to: FLOW.fulfil.to,
      decide: (_record, command, context) => draft('fulfil', { evidence: command.evidence }, 'G2', 'settled', timed('settled', context)),
      evolve: (record) => record,
    },
    // G3: returned feedback goes back to its author; the rectification is done, only its report is not.
    return: returnStep<IntegrityCase>(['settled'], (_record, context) => ({ state: 'settled', deadline: timed('settled', context) })),
  },
  actionLabels: { fulfil: '整改完成' },
  // G2 once the item is taken on, and A2 beside a time limit that crosses the year.
  basis: (record) => {
    const ids: RuleId[] = [];
    if (record.state !== 'registered' && record.state !== 'dismissed' && record.state !== 'withdrawn') ids.push('G2');
    if (record.rectification?.crossesYear) ids.push('A2');
    return ids;
  },
  yearRule: () => null,
  upcast: {},
};
