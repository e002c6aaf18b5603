import type { DecideContext } from '../case/decision.ts';
import { AppError } from '../errors.ts';

/**
 * A3, P3, I2: who answered for the enterprise: the enterprise itself in its portal, or staff
 * recording its answer with its signed document.
 * @throws AppError VALIDATION_FAILED when staff record an answer without the document
 */
export const consentBy = (context: DecideContext, document: string | undefined): 'enterprise' | 'recorded' => {
  if (context.actor.role === 'enterprise') return 'enterprise';
  if (!document) {
    throw new AppError('VALIDATION_FAILED', '代企业登记意见时须注明企业签章文件', { field: 'document' });
  }
  return 'recorded';
};
