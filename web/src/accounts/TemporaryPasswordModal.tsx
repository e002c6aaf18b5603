import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/** A temporary password, shown this once with a copy button (the API never returns it again). */
export const TemporaryPasswordModal = ({ title, password, onClose }: { title: string; password: string; onClose: () => void }) => {
  const { m } = useI18n();
  const t = m.accounts.temporary;
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      message.success(t.copied);
    } catch {
      // No clipboard (an insecure origin): the password stays selectable on screen.
    }
  };
  return (
    <Modal
      open
      title={title}
      closable={false}
      maskClosable={false}
      keyboard={false}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="temporary-password-done">
          {t.done}
        </Button>
      }
      data-testid="temporary-password-modal"
    >
      <Alert type="warning" showIcon title={t.title} description={t.warning} style={{ marginBottom: 12 }} />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={password} className="money" onFocus={(event) => event.target.select()} data-testid="temporary-password" />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="temporary-password-copy">
          {t.copy}
        </Button>
      </Space.Compact>
    </Modal>
  );
};
