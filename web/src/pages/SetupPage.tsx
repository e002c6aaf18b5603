import { Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { useSetupRequired } from '../app/setup-gate.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ByHandSetup } from '../setup/ByHandSetup.tsx';
import type { SetUpResult } from '../setup/setup-check.ts';
import { SetUpDone } from '../setup/SetUpDone.tsx';
import { WorkbookSetup } from '../setup/WorkbookSetup.tsx';

/**
 * 初始化本市: the setup token, then the organisation — uploaded as a workbook or filled in by
 * hand — checked, and the city set up once with its three administrators, whose one-time
 * passwords are shown the same way whichever way was taken.
 */
const SetupPage = () => {
  const { m } = useI18n();
  const s = m.setup;
  const required = useSetupRequired();
  const [token, setToken] = useState('');
  const [done, setDone] = useState<SetUpResult | null>(null);

  if (required === false && done === null) return <Navigate to="/login" replace />;

  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5', padding: '32px 12px' }}>
      <Card style={{ maxWidth: 1280, margin: '0 auto' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {m.app.name} · {s.title}
        </Typography.Title>
        {done !== null ? (
          <SetUpDone result={done} />
        ) : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {s.intro}
            </Typography.Paragraph>
            <Form layout="vertical" requiredMark={false} style={{ maxWidth: 480 }}>
              <Form.Item label={s.token} htmlFor="setup-token" extra={s.tokenHint} required style={{ marginBottom: 0 }}>
                <Input.Password id="setup-token" value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" data-testid="setup-token" />
              </Form.Item>
            </Form>
            <Tabs
              data-testid="setup-ways"
              items={[
                { key: 'workbook', label: s.ways.workbook, children: <WorkbookSetup token={token} onDone={setDone} /> },
                { key: 'by-hand', label: s.ways.byHand, children: <ByHandSetup token={token} onDone={setDone} /> },
              ]}
            />
          </Space>
        )}
      </Card>
    </div>
  );
};

export default SetupPage;
