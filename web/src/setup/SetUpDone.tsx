import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Flex, List, Result, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import type { SetUpResult } from './setup-check.ts';

type Admin = SetUpResult['admins'][number];

/**
 * The city set up, whichever way: the three administrators' one-time passwords, shown this once,
 * one administrator a row that wraps on a phone so that no password is cut off.
 */
export const SetUpDone = ({ result }: { result: SetUpResult }) => {
  const { m } = useI18n();
  const s = m.setup;
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <Result
      status="success"
      style={{ paddingInline: 0 }}
      title={s.done(result.cityName)}
      subTitle={s.doneHint}
      extra={[
        <List<Admin>
          key="admins"
          bordered
          rowKey="username"
          dataSource={result.admins}
          style={{ textAlign: 'left', maxWidth: 640, margin: '0 auto' }}
          data-testid="setup-admins"
          renderItem={(admin) => (
            <List.Item>
              <Flex wrap gap={8} justify="space-between" align="center" style={{ width: '100%' }}>
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{m.role[admin.role]}</Typography.Text>
                  <span>
                    {admin.displayName}（{s.username}：{admin.username}）
                  </span>
                </Space>
                <Space size={4} aria-label={s.password}>
                  <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                    {admin.temporaryPassword}
                  </Typography.Text>
                  <Button size="small" icon={<CopyOutlined />} aria-label={s.copy} onClick={() => void navigator.clipboard?.writeText(admin.temporaryPassword ?? '').then(() => message.success(s.copied))} />
                </Space>
              </Flex>
            </List.Item>
          )}
        />,
        <Button key="login" type="primary" style={{ marginTop: 16 }} onClick={() => navigate('/login', { replace: true })}>
          {s.toLogin}
        </Button>,
      ]}
    />
  );
};
