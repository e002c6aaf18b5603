import { Alert, Modal, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A modal that holds one form (`useFormSubmit`): 提交 submits it, 取消 closes, the button spins
 * while the request runs, what the form is for may stand first (`intro`), and the server's
 * refusal stands above the fields (`<testId>-error`).
 */
export const FormModal = ({
  title,
  form,
  sending,
  error,
  onClose,
  testId,
  intro,
  width,
  children,
}: {
  title: ReactNode;
  form: FormInstance;
  sending: boolean;
  error: string | undefined;
  onClose: () => void;
  testId: string;
  intro?: ReactNode;
  width?: number;
  children: ReactNode;
}) => {
  const { m } = useI18n();
  return (
    <Modal
      open
      width={width}
      title={title}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid={testId}
    >
      {intro && <Alert type="info" showIcon title={intro} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid={`${testId}-error`} />}
      {children}
    </Modal>
  );
};
