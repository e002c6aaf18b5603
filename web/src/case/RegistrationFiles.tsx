import { InboxOutlined } from '@ant-design/icons';
import { Form, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT, ATTACHMENTS_PER_REGISTRATION } from '../../../src/domain/attachments.ts';
import { CSRF_HEADERS } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useReportUploading } from './upload-tracker.tsx';

/** Stands in the value for a file still uploading, so the form cannot be sent without it. */
const PENDING = 'pending';

/** The rule of a field of `RegistrationUploads`: not sent while a file uploads. */
export const uploadsDoneRule = (message: string) => ({
  validator: async (_: unknown, ids: string[] | undefined) => (ids?.includes(PENDING) ? Promise.reject(new Error(message)) : undefined),
});

const refusal = (file: UploadFile, fallback: string): string =>
  typeof file.response === 'string' ? file.response : ((file.response as { error?: { message: string } } | undefined)?.error?.message ?? fallback);

/**
 * The uploads of a registration, as the form's `attachmentIds`: each file's id once uploaded. A
 * refused or failed file is named with its reason and left out; while one uploads the form is
 * told (`useReportUploading`).
 */
export const RegistrationUploads = ({ onChange, hint, testId }: { value?: string[]; onChange?: (ids: string[]) => void; hint?: string; testId?: string }) => {
  const { m } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>([]);
  useReportUploading(files.some((file) => file.status === 'uploading'));
  const failed = files.filter((file) => file.status === 'error');
  return (
    <>
      <Upload.Dragger
        name="file"
        action="/api/attachments"
        headers={CSRF_HEADERS}
        accept={ATTACHMENT_ACCEPT}
        multiple
        maxCount={ATTACHMENTS_PER_REGISTRATION}
        fileList={files}
        data-testid={testId ?? 'registration-files'}
        onChange={({ fileList }) => {
          const next = fileList.map((file) => (file.status === 'error' ? { ...file, response: refusal(file, m.caseFiles.uploadFailed) } : file));
          setFiles(next);
          onChange?.(next.flatMap((file) => (file.status === 'done' ? [(file.response as { id: string }).id] : file.status === 'error' ? [] : [PENDING])));
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{m.complaint.uploadHint}</p>
        <p style={{ color: '#999' }}>{hint ?? m.caseFiles.limits}</p>
      </Upload.Dragger>
      {failed.map((file) => (
        <Typography.Text key={file.uid} type="danger" data-testid="file-upload-error" style={{ display: 'block' }}>
          {m.caseFiles.failedAs(file.name, refusal(file, m.caseFiles.uploadFailed))}
        </Typography.Text>
      ))}
    </>
  );
};

/**
 * The 附件 of a staff registration (交办单, 来信, the enterprise's contract and settlement…), as
 * the portal's complaint has them: the same upload, size and type rules, linked to the new case
 * in the registration's transaction. The form is not sent while a file uploads.
 */
export const RegistrationFiles = () => {
  const { m } = useI18n();
  return (
    <Form.Item
      name="attachmentIds"
      label={m.caseFiles.fields.registrationFiles}
      rules={[uploadsDoneRule(m.caseFiles.uploadPending)]}
      // Checked on submit only: while a file uploads the button is held and says so.
      validateTrigger={[]}
    >
      <RegistrationUploads />
    </Form.Item>
  );
};
