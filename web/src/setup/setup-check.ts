/**
 * Checking and then setting up a city, whichever way its organisation comes (a workbook, the
 * form): a dry run first, which lists every problem or previews the city; then, for the input
 * that passed, the setup itself.
 */
import { useState } from 'react';
import type { AdminRole } from '../../../src/domain/access/account-policy.ts';
import type { OrganisationProblem } from '../../../src/domain/setup/organisation.ts';
import { ApiError } from '../api/client.ts';

/** The answer of POST /api/setup and /api/setup/by-hand (`SetUpResult` in the OpenAPI document). */
export interface SetUpResult {
  dryRun: boolean;
  cityName: string;
  jurisdictions: number;
  units: number;
  admins: { role: AdminRole; username: string; displayName: string; temporaryPassword: string | null }[];
  warnings: OrganisationProblem[];
}

export interface SetupCheck {
  readonly busy: 'check' | 'submit' | null;
  /** The preview of the input as it is now; null before a check, or once the input changed. */
  readonly checked: SetUpResult | null;
  /** The problems of the last check (IMPORT_INVALID), kept while the clerk corrects them. */
  readonly problems: readonly OrganisationProblem[];
  readonly error: string | null;
  check(): Promise<void>;
  submit(): Promise<void>;
  /** Forgets the last check (a new file). */
  reset(): void;
  /** Shows an error of the page's own (no file chosen). */
  fail(message: string): void;
}

/**
 * @param send posts the input, as a dry run or for real
 * @param inputKey names the input as it is now: a preview holds only for the input it was made of
 * @param onDone receives the city set up, with the one-time passwords
 */
export const useSetupCheck = (send: (dryRun: boolean) => Promise<SetUpResult>, inputKey: string, onDone: (result: SetUpResult) => void, failed: string): SetupCheck => {
  const [busy, setBusy] = useState<SetupCheck['busy']>(null);
  const [checked, setChecked] = useState<{ key: string; result: SetUpResult } | null>(null);
  const [problems, setProblems] = useState<readonly OrganisationProblem[]>([]);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'submit');
    setError(null);
    setProblems([]);
    try {
      const result = await send(dryRun);
      if (dryRun) setChecked({ key: inputKey, result });
      else onDone(result);
    } catch (caught) {
      setChecked(null);
      if (caught instanceof ApiError && Array.isArray(caught.details.problems)) setProblems(caught.details.problems as OrganisationProblem[]);
      setError(caught instanceof ApiError ? caught.message : failed);
    } finally {
      setBusy(null);
    }
  };

  return {
    busy,
    checked: checked?.key === inputKey ? checked.result : null,
    problems,
    error,
    check: () => run(true),
    submit: () => run(false),
    reset: () => {
      setChecked(null);
      setProblems([]);
      setError(null);
    },
    fail: setError,
  };
};
