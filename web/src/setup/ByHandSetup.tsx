import { Alert, Button, Space, Steps, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { BY_HAND_STEPS, EMPTY_DRAFT, stepsWithProblems, toOrganisationForm, withSuggestedUnits, type ByHandStep, type Draft } from './by-hand-draft.ts';
import { AdminsStep, CityStep, JurisdictionsStep } from './ByHandSteps.tsx';
import { CheckOutcome } from './CheckOutcome.tsx';
import { useSetupCheck, type SetUpResult } from './setup-check.ts';
import { UnitsStep } from './UnitsStep.tsx';

/**
 * The first-run page's second way, 逐项填写: a guided form of the city, its counties and zones,
 * its units and the three administrators, checked and set up by the same API as a workbook.
 * What was typed stays while the clerk moves between steps and after a failed check; the steps
 * the check found problems in are marked.
 */
export const ByHandSetup = ({ token, onDone }: { token: string; onDone: (result: SetUpResult) => void }) => {
  const { m } = useI18n();
  const s = m.setup;
  const h = s.byHand;
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [step, setStep] = useState<ByHandStep>('city');
  const organisation = useMemo(() => toOrganisationForm(draft), [draft]);
  const outcome = useSetupCheck(
    (dryRun) => api.post<SetUpResult>(`/api/setup/by-hand${dryRun ? '?dryRun=true' : ''}`, { setupToken: token.trim(), organisation }),
    useMemo(() => JSON.stringify(organisation), [organisation]),
    onDone,
    s.failed,
  );
  const marked = stepsWithProblems(outcome.problems);
  // Moving on prefills what the names typed so far suggest.
  const go = (next: ByHandStep) => {
    setDraft(withSuggestedUnits);
    setStep(next);
  };
  const index = BY_HAND_STEPS.indexOf(step);
  const cityMissing = draft.city.name.trim() === '';

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Steps
        size="small"
        current={index}
        onChange={(next) => go(BY_HAND_STEPS[next] ?? 'city')}
        responsive
        data-testid="by-hand-steps"
        items={BY_HAND_STEPS.map((key, position) => ({ title: h.steps[key], status: marked.has(key) ? 'error' : undefined, disabled: position > 0 && cityMissing }))}
      />
      {step === 'city' && <CityStep draft={draft} change={setDraft} />}
      {step === 'jurisdictions' && <JurisdictionsStep draft={draft} change={setDraft} />}
      {step === 'units' && <UnitsStep draft={draft} change={setDraft} />}
      {step === 'admins' && <AdminsStep draft={draft} change={setDraft} />}
      {step === 'check' && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {h.checkIntro}
          </Typography.Paragraph>
          <Alert type="info" title={h.summary(organisation.city.name, organisation.jurisdictions.length + 1, organisation.units.length)} data-testid="by-hand-summary" />
          <CheckOutcome outcome={outcome} place={s.formPlace} problemsTitle={h.problems} testId="by-hand" />
          <Space wrap>
            <Button onClick={() => void outcome.check()} loading={outcome.busy === 'check'} disabled={token.trim() === ''} data-testid="by-hand-check">
              {s.check}
            </Button>
            <Button type="primary" onClick={() => void outcome.submit()} loading={outcome.busy === 'submit'} disabled={outcome.checked === null || token.trim() === ''} data-testid="by-hand-submit">
              {s.submit}
            </Button>
          </Space>
        </Space>
      )}
      <Space wrap>
        {index > 0 && (
          <Button onClick={() => go(BY_HAND_STEPS[index - 1] ?? 'city')} data-testid="by-hand-previous">
            {h.previous}
          </Button>
        )}
        {step !== 'check' && (
          <Button type="primary" ghost disabled={cityMissing} title={cityMissing ? h.cityNameRequired : undefined} onClick={() => go(BY_HAND_STEPS[index + 1] ?? 'check')} data-testid="by-hand-next">
            {h.next}
          </Button>
        )}
      </Space>
    </Space>
  );
};
