import { App, Button, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A phone number shown masked (个人信息保护法), with 查看 for a reader the server lets see it
 * whole (`revealUrl`, null for anyone else): the server records each reveal in the security
 * log, and the number is shown in place, never kept beyond the page.
 */
export const RevealablePhone = ({ masked, revealUrl, testId }: { masked: string; revealUrl: string | null; testId: string }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [phone, setPhone] = useState<string | null>(null);
  const [revealing, setRevealing] = useState(false);
  const reveal = async (url: string) => {
    setRevealing(true);
    try {
      setPhone((await api.post<{ phone: string }>(url, undefined)).phone);
    } catch (caught) {
      message.error(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setRevealing(false);
    }
  };
  return (
    <Space size={4} wrap>
      <span className="money" data-testid={testId}>
        {phone ?? masked}
      </span>
      {revealUrl !== null && phone === null && (
        <Tooltip title={m.common.revealHint}>
          <Button type="link" size="small" loading={revealing} onClick={() => void reveal(revealUrl)} style={{ padding: 0, height: 'auto' }} data-testid={`${testId}-reveal`}>
            {m.common.view}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
};
