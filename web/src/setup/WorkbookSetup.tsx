import { Button, Form, Space, Steps, Upload } from 'antd';
import { useState } from 'react';
import { postWorkbook, WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { CheckOutcome } from './CheckOutcome.tsx';
import { useSetupCheck, type SetUpResult } from './setup-check.ts';

/** The first-run page's workbook way: the template, the upload checked, then the city set up. */
export const WorkbookSetup = ({ token, onDone }: { token: string; onDone: (result: SetUpResult) => void }) => {
  const { m } = useI18n();
  const s = m.setup;
  const [file, setFile] = useState<File | null>(null);
  const outcome = useSetupCheck(
    async (dryRun) => {
      if (file === null) throw new Error(s.fileRequired);
      return postWorkbook<SetUpResult>(`/api/setup${dryRun ? '?dryRun=true' : ''}`, file, {}, m.api, { setupToken: token.trim() });
    },
    file === null ? '' : `${file.name}:${file.size}:${file.lastModified}`,
    onDone,
    s.failed,
  );
  const send = (dryRun: boolean) => {
    if (file === null) outcome.fail(s.fileRequired);
    else void (dryRun ? outcome.check() : outcome.submit());
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Steps size="small" current={file !== null ? 1 : 0} items={[{ title: s.stepTemplate }, { title: s.stepCheck }, { title: s.stepDone }]} responsive />
      <WorkbookTemplate intro={s.workbookIntro} href="/api/setup/template" label={s.template} hint={s.templateHint} testId="setup-template" />
      <Form layout="vertical" requiredMark={false}>
        <Form.Item label={s.file} required>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              outcome.reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              outcome.reset();
            }}
            data-testid="setup-file"
          >
            <WorkbookDropText busy={outcome.busy !== null} busyText={s.reading} drop={s.drop} formats={s.formats} />
          </Upload.Dragger>
        </Form.Item>
      </Form>
      <CheckOutcome outcome={outcome} place={s.workbookPlace} problemsTitle={s.problems} testId="setup" />
      <Space wrap>
        <Button onClick={() => send(true)} loading={outcome.busy === 'check'} disabled={token.trim() === ''} data-testid="setup-check">
          {s.check}
        </Button>
        <Button type="primary" onClick={() => send(false)} loading={outcome.busy === 'submit'} disabled={outcome.checked === null || token.trim() === ''} data-testid="setup-submit">
          {s.submit}
        </Button>
      </Space>
    </Space>
  );
};
