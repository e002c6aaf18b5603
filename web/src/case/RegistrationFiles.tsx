import { InboxOutlined } from '@ant-design/icons';
import { Form, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT, ATTACHMENTS_PER_REGISTRATION } from '../../../src/domain/attachments.ts';
import { CSRF_HEADERS } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Stands in the value for a file still uploading or refused, so the form cannot be sent without it. */
const PENDING = 'pending';

const refusal = (file: UploadFile, fallback: string): string =>
  typeof file.response === 'string' ? file.response : ((file.response as { error?: { message: string } } | undefined)?.error?.message ?? fallback);

/** The uploads of a registration, as the form's `attachmentIds`: each file's id once uploaded. */
const Files = ({ onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) => {
  const { m } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload.Dragger
      name="file"
      action="/api/attachments"
      headers={CSRF_HEADERS}
      accept={ATTACHMENT_ACCEPT}
      multiple
      maxCount={ATTACHMENTS_PER_REGISTRATION}
      fileList={files}
      data-testid="registration-files"
      onChange={({ fileList }) => {
        const next = fileList.map((file) => (file.status === 'error' ? { ...file, response: refusal(file, m.complaint.uploadFailed) } : file));
        setFiles(next);
        onChange?.(next.map((file) => (file.status === 'done' ? (file.response as { id: string }).id : PENDING)));
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p>{m.complaint.uploadHint}</p>
      <p style={{ color: '#999' }}>{m.caseFiles.limits}</p>
    </Upload.Dragger>
  );
};

/**
 * The 附件 of a staff registration (交办单, 来信, the enterprise's contract and settlement…), as
 * the portal's complaint has them: the same upload, size and type rules, linked to the new case
 * in the registration's transaction. The form is not sent while a file uploads or was refused.
 */
export const RegistrationFiles = () => {
  const { m } = useI18n();
  return (
    <Form.Item
      name="attachmentIds"
      label={m.caseFiles.fields.registrationFiles}
      rules={[{ validator: async (_, ids: string[] | undefined) => (ids?.includes(PENDING) ? Promise.reject(new Error(m.complaint.uploadPending)) : undefined) }]}
    >
      <Files />
    </Form.Item>
  );
};
