import type { RectificationPlan } from '../../../../src/domain/lines/rectification.ts';
import type { Messages } from '../../i18n/messages.ts';
import { text } from '../action-specs.ts';
import { stepFileField, stepFileOf } from './shared-specs.tsx';
import type { WebLine } from './line.ts';
import { RectificationCard, rectificationFieldOf, rectificationFields, rectificationLines, rectificationOf } from './rectification.tsx';

/** How the integrity line's own events read in the timeline. */
const timeline: WebLine<'integrity'>['timeline'] = (event, m) => {
  switch (event.type) {
    case 'classify': {
      const note = (event.payload as { note?: string | null }).note;
      return note ? [m.common.labelled(m.intake.fields.classifyNote, note)] : [];
    }
    case 'propose_plan': {
      const payload = event.payload as { rectification: RectificationPlan; note: string | null };
      return [...rectificationLines(payload.rectification, m), ...(payload.note ? [m.common.labelled(m.actions.fields.note, payload.note)] : [])];
    }
    default:
      return undefined;
  }
};

const actions = (m: Messages): ReturnType<WebLine<'integrity'>['actions']> => ({
  classify: {
    fields: () => [{ name: 'note', label: m.intake.fields.classifyNote, kind: 'textarea' }],
    toCommand: (values) => ({ action: 'classify', classification: { line: 'integrity', note: text(values, 'note') } }),
  },
  propose_plan: {
    wide: true,
    fields: () => [...rectificationFields(m), { name: 'note', label: m.actions.fields.note, kind: 'textarea' }],
    initial: () => ({ measures: [''] }),
    toCommand: (values) => ({ action: 'propose_plan', rectification: rectificationOf(values), note: text(values, 'note') }),
    fieldOf: rectificationFieldOf,
  },
  fulfil: {
    fields: () => [{ name: 'evidence', label: m.intake.fulfilEvidence, kind: 'textarea', required: true }, stepFileField(m, 'rectificationFile')],
    toCommand: (values) => ({ action: 'fulfil', evidence: text(values, 'evidence') ?? '', ...stepFileOf(values) }),
  },
});

/** 政府守信践诺再提升 in the UI (G2): rectification items, with or without an enterprise. */
export const integrityWeb: WebLine<'integrity'> = {
  actions,
  actionLabel: (m, action) => (action === 'fulfil' ? m.intake.fulfilIntegrity : undefined),
  timeline,
  FactsCard: ({ record }) => (
    <RectificationCard record={record} />
  ),
  // An item concerning an enterprise may name an amount; most concern none.
  showsAmounts: (record) => record.claimedAmount !== null,
  registration: {
    enterprise: 'optional',
    claimedAmount: (m) => ({ label: m.intake.register.claimedAmountOptional, required: false }),
    placeholders: (m) => ({ title: m.intake.register.integrityTitlePlaceholder, facts: m.intake.register.integrityFactsPlaceholder }),
    responsibleUnitLabel: (m) => m.intake.register.responsibleUnit,
  },
};
