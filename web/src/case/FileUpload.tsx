import { UploadOutlined } from '@ant-design/icons';
import { Button, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT } from '../../../src/domain/attachments.ts';
import { CSRF_HEADERS } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useReportUploading } from './upload-tracker.tsx';

/** The message of a refused upload (the server's coded error in Chinese), or the catalogue's. */
const refusal = (file: UploadFile, fallback: string): string =>
  typeof file.response === 'string' ? file.response : ((file.response as { error?: { message: string } } | undefined)?.error?.message ?? fallback);

/**
 * One file for an action (the signed document, the voucher): uploaded at once (POST
 * /api/attachments, the same size and type rules everywhere), its id the field's value for the
 * command to name. Controlled by a Form.Item; removing the file clears the value. While it
 * uploads it tells the form (`useReportUploading`), which holds its submit; a refused or failed
 * upload leaves no id in the form and says why.
 */
export const FileUpload = ({ value, onChange, name }: { value?: string; onChange?: (id: string | undefined) => void; name: string }) => {
  const { m } = useI18n();
  const t = m.caseFiles;
  const [files, setFiles] = useState<UploadFile[]>([]);
  const failed = files.find((file) => file.status === 'error');
  const uploading = files.some((file) => file.status === 'uploading');
  useReportUploading(uploading);
  return (
    <div data-file-upload={name} data-attachment-id={value ?? ''} data-uploading={uploading} style={{ maxWidth: '100%', minWidth: 0 }}>
      <Upload
        name="file"
        action="/api/attachments"
        headers={CSRF_HEADERS}
        accept={ATTACHMENT_ACCEPT}
        maxCount={1}
        fileList={files}
        onChange={({ file, fileList }) => {
          setFiles(fileList.map((item) => (item.status === 'error' ? { ...item, response: refusal(item, t.uploadFailed) } : item)));
          // The chosen file replaces the one before at once: until it is stored, the form names none.
          if (file.status === 'done') onChange?.((file.response as { id: string }).id);
          else onChange?.(undefined);
        }}
        onRemove={() => onChange?.(undefined)}
      >
        <Button size="small" icon={<UploadOutlined />} loading={uploading}>
          {uploading ? t.uploading : value ? t.replace : t.upload}
        </Button>
      </Upload>
      {failed ? (
        <Typography.Text type="danger" data-testid="file-upload-error">
          {t.failedAs(failed.name, refusal(failed, t.uploadFailed))}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t.limits}
        </Typography.Text>
      )}
    </div>
  );
};
