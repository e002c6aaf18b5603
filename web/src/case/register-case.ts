import { registerCaseSchema, type RegisterCaseInput } from '../../../src/domain/case/commands.ts';
import { api, ApiError } from '../api/client.ts';
import type { CaseView } from '../api/types.ts';

/**
 * Registers a case: checked in the browser with the schema the API uses, then sent with the
 * form's idempotency key, so a double click registers it once.
 * @throws ApiError VALIDATION_FAILED (with field issues) or the API's error
 */
export const submitRegistration = async (input: RegisterCaseInput, idempotencyKey: string, invalidInput: string): Promise<CaseView> => {
  const parsed = registerCaseSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    throw new ApiError(400, 'VALIDATION_FAILED', issues[0]?.message ?? invalidInput, { issues });
  }
  return api.post<CaseView>('/api/cases', parsed.data, { 'idempotency-key': idempotencyKey });
};
