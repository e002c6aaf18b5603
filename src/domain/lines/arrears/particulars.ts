import { z } from 'zod';
import { FLOW } from '../../case/actions.ts';
import { draft, type DecideContext } from '../../case/decision.ts';
import type { LineParticulars, LineStep } from '../../case/line-module.ts';
import { AppError } from '../../errors.ts';
import { applyContractPatch, changedContractFacts, CONTRACT_FACT_LABEL, contractFactsPatch, NO_CONTRACT_FACTS, type ContractFacts, type ContractFactsPatch } from './contract.ts';
import type { ArrearsCase, ArrearsEventPayloads, ContractRecorded } from './facts.ts';
import { checkContractFacts, statutoryDue } from './payment-terms.ts';
import { recordRetaliation, retaliationPatch, type RetaliationComplaint } from './retaliation.ts';

/**
 * An arrear's particulars: the contract behind it (保障中小企业款项支付条例); or, for a complaint of
 * retaliation (第二十条), that kind and what happened.
 */
export const arrearsParticularsPatch = z.object({
  contract: contractFactsPatch.optional(),
  complaintKind: z.literal('retaliation', { error: '投诉类型无效' }).optional(),
  retaliation: retaliationPatch.optional(),
});

/**
 * The contract after `patch`, checked, with the statutory due date it gives on the platform's
 * calendar, and the facts the patch changed.
 * @throws AppError CONTRACT_FACTS_INVALID
 */
export const recordContract = (before: ContractFacts, patch: ContractFactsPatch, context: Pick<DecideContext, 'today' | 'calendar'>): ContractRecorded => {
  const facts = applyContractPatch(before, patch);
  checkContractFacts(facts, context.today);
  return { contract: { facts, due: statutoryDue(facts, context.calendar) }, changed: changedContractFacts(before, facts) };
};

/** A registration may carry what the enterprise knows of the contract; nothing is required. */
export const arrearsParticulars: LineParticulars<ArrearsCase, Partial<ContractRecorded> & { complaint?: RetaliationComplaint }> = {
  patch: arrearsParticularsPatch,
  onRegistration: (patch, context) => {
    const { contract, complaintKind, retaliation } = arrearsParticularsPatch.parse(patch);
    if (complaintKind === 'retaliation') return { complaint: recordRetaliation(retaliation, context) };
    if (retaliation !== undefined) {
      throw new AppError('VALIDATION_FAILED', '打击报复情形仅适用于打击报复投诉', { field: 'particulars.retaliation' });
    }
    return contract === undefined ? {} : recordContract(NO_CONTRACT_FACTS, contract, context);
  },
  registered: (record, recorded) => ({
    ...record,
    ...(recorded.contract === undefined ? {} : { contract: recorded.contract }),
    ...(recorded.complaint === undefined ? {} : { complaint: recorded.complaint }),
  }),
};

/**
 * The contract's facts added or corrected later, each as its own recorded event. Adding a fact
 * needs no reason; changing or clearing one already recorded does.
 */
export const amendParticulars: LineStep<ArrearsCase, 'amend_particulars', ArrearsEventPayloads['amend_particulars']> = {
  to: FLOW.amend_particulars.to,
  decide: (record, command, context) => {
    const { contract: patch } = arrearsParticularsPatch.parse(command.particulars);
    if (patch === undefined) throw new AppError('VALIDATION_FAILED', '请填写要补充或更正的合同信息', { field: 'particulars.contract' });
    const before = record.contract?.facts ?? NO_CONTRACT_FACTS;
    const recorded = recordContract(before, patch, context);
    if (recorded.changed.length === 0) {
      throw new AppError('VALIDATION_FAILED', '填写的合同信息与已记录的相同，没有需要补充或更正的内容', { field: 'particulars.contract' });
    }
    const corrected = recorded.changed.filter((key) => before[key] !== null);
    const reason = command.reason || null;
    if (corrected.length > 0 && reason === null) {
      throw new AppError('VALIDATION_FAILED', `更正已记录的${corrected.map((key) => `“${CONTRACT_FACT_LABEL[key]}”`).join('、')}须填写更正说明`, { field: 'reason' });
    }
    return draft('amend_particulars', { ...recorded, reason }, null, record.state, record.deadline);
  },
  evolve: (record, { payload }) => ({ ...record, contract: payload.contract }),
};
