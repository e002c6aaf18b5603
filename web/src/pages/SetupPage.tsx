import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Space, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { postWorkbook, WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useSetupRequired } from '../app/setup-gate.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface Problem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

interface SetUpResult {
  dryRun: boolean;
  cityName: string;
  jurisdictions: number;
  units: number;
  admins: { role: 'system_admin' | 'security_admin' | 'audit_admin'; username: string; displayName: string; temporaryPassword: string | null }[];
  warnings: Problem[];
}

const ProblemTable = ({ problems }: { problems: Problem[] }) => {
  const { m } = useI18n();
  const s = m.setup;
  return (
    <Table<Problem>
      size="small"
      rowKey={(problem) => `${problem.sheet}-${problem.row}-${problem.column}-${problem.message}`}
      dataSource={problems}
      pagination={false}
      scroll={{ x: 'max-content', y: 320 }}
      data-testid="setup-problems"
      columns={[
        { title: s.sheet, dataIndex: 'sheet', width: 80, render: (value: string | null) => value ?? '—' },
        { title: s.row, dataIndex: 'row', width: 56, render: (value: number | null) => value ?? '—' },
        { title: s.column, dataIndex: 'column', width: 110, render: (value: string | null) => value ?? '—' },
        { title: s.problem, dataIndex: 'message' },
      ]}
    />
  );
};

/** 初始化本市: the organisation workbook checked, then the city set up once with its three administrators. */
const SetupPage = () => {
  const { m } = useI18n();
  const s = m.setup;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const required = useSetupRequired();
  const [token, setToken] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState<SetUpResult | null>(null);
  const [done, setDone] = useState<SetUpResult | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);

  if (required === false && done === null) return <Navigate to="/login" replace />;

  const send = async (dryRun: boolean) => {
    if (file === null) {
      setError(s.fileRequired);
      return;
    }
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const result = await postWorkbook<SetUpResult>(`/api/setup${dryRun ? '?dryRun=true' : ''}`, file, {}, m.api, { setupToken: token.trim() });
      if (dryRun) setChecked(result);
      else setDone(result);
    } catch (caught) {
      setChecked(null);
      if (caught instanceof ApiError && Array.isArray(caught.details.problems)) setProblems(caught.details.problems as Problem[]);
      setError(caught instanceof ApiError ? caught.message : s.failed);
    } finally {
      setBusy(false);
    }
  };

  const current = done !== null ? 2 : file !== null ? 1 : 0;
  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5', padding: '32px 12px' }}>
      <Card style={{ maxWidth: 880, margin: '0 auto' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {m.app.name} · {s.title}
        </Typography.Title>
        <Steps size="small" current={current} items={[{ title: s.stepTemplate }, { title: s.stepCheck }, { title: s.stepDone }]} style={{ marginBottom: 24 }} responsive />
        {done !== null ? (
          <Result
            status="success"
            title={s.done(done.cityName)}
            subTitle={s.doneHint}
            extra={[
              <Table
                key="admins"
                size="small"
                rowKey="username"
                pagination={false}
                dataSource={done.admins}
                scroll={{ x: 'max-content' }}
                data-testid="setup-admins"
                columns={[
                  { title: s.role, dataIndex: 'role', render: (role: SetUpResult['admins'][number]['role']) => m.role[role] },
                  { title: s.name, dataIndex: 'displayName' },
                  { title: s.username, dataIndex: 'username' },
                  {
                    title: s.password,
                    dataIndex: 'temporaryPassword',
                    render: (password: string) => (
                      <Space>
                        <Typography.Text code>{password}</Typography.Text>
                        <Button size="small" icon={<CopyOutlined />} aria-label={s.copy} onClick={() => void navigator.clipboard?.writeText(password).then(() => message.success(s.copied))} />
                      </Space>
                    ),
                  },
                ]}
              />,
              <Button key="login" type="primary" style={{ marginTop: 16 }} onClick={() => navigate('/login', { replace: true })}>
                {s.toLogin}
              </Button>,
            ]}
          />
        ) : (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <WorkbookTemplate intro={s.intro} href="/api/setup/template" label={s.template} hint={s.templateHint} testId="setup-template" />
            <Form layout="vertical" requiredMark={false}>
              <Form.Item label={s.token} extra={s.tokenHint} required>
                <Input.Password value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" data-testid="setup-token" />
              </Form.Item>
              <Form.Item label={s.file} required>
                <Upload.Dragger
                  accept=".xlsx"
                  maxCount={1}
                  beforeUpload={(chosen) => {
                    setFile(chosen);
                    setChecked(null);
                    setProblems([]);
                    setError(null);
                    return false;
                  }}
                  onRemove={() => {
                    setFile(null);
                    setChecked(null);
                  }}
                  data-testid="setup-file"
                >
                  <WorkbookDropText busy={busy} busyText={s.reading} drop={s.drop} formats={s.formats} />
                </Upload.Dragger>
              </Form.Item>
            </Form>
            {error !== null && <Alert type="error" showIcon title={problems.length > 0 ? s.problems(problems.length) : error} data-testid="setup-error" />}
            {problems.length > 0 && <ProblemTable problems={problems} />}
            {checked !== null && <Alert type="success" showIcon title={s.checked(checked.cityName, checked.jurisdictions, checked.units)} data-testid="setup-checked" />}
            {checked !== null && checked.warnings.length > 0 && (
              <Alert type="info" showIcon title={s.warnings} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{checked.warnings.map((warning) => <li key={warning.message}>{warning.message}</li>)}</ul>} />
            )}
            <Space wrap>
              <Button onClick={() => void send(true)} loading={busy && checked === null} disabled={token.trim() === ''} data-testid="setup-check">
                {s.check}
              </Button>
              <Button type="primary" onClick={() => void send(false)} loading={busy && checked !== null} disabled={checked === null || token.trim() === ''} data-testid="setup-submit">
                {s.submit}
              </Button>
            </Space>
          </Space>
        )}
      </Card>
    </div>
  );
};

export default SetupPage;
