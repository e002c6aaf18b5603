import type { DecideContext } from '../case/decision.ts';
import { AppError } from '../errors.ts';

/**
 * A3, P3, I2: who answered for the enterprise: the enterprise itself in its portal (its signed
 * document optional), or staff recording its answer with its signed document — named, or its
 * scan attached (`attachmentId`), or both.
 * @throws AppError VALIDATION_FAILED when staff record an answer without the document
 */
export const consentBy = (context: DecideContext, answer: { readonly document?: string | undefined; readonly attachmentId?: string | undefined }): 'enterprise' | 'recorded' => {
  if (context.actor.role === 'enterprise') return 'enterprise';
  if (!answer.document && answer.attachmentId === undefined) {
    throw new AppError('VALIDATION_FAILED', '代企业登记意见时须注明或上传企业签章文件', { field: 'document' });
  }
  return 'recorded';
};
