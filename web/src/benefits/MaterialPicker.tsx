import { CheckCircleFilled, UploadOutlined } from '@ant-design/icons';
import { Button, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { CSRF_HEADERS } from '../api/client.ts';
import { useReportUploading } from '../case/upload-tracker.tsx';

export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ofd';

/** A file as the picker holds it: its id, and its name to show. */
export interface PickedFile {
  readonly id: string;
  readonly fileName: string;
}

/**
 * One required material (P2: uploaded once, reused): the file the enterprise gave before, kept
 * unless the user uploads another. Controlled by a Form.Item (`value` is the attachment id).
 * While it uploads it tells the form, which holds its submit; a failed upload keeps the file
 * shown before (if any) and says why.
 */
export const MaterialPicker = ({ name, previous, value, onChange }: { name: string; previous?: PickedFile; value?: string; onChange?: (id: string | undefined) => void }) => {
  const { m } = useI18n();
  const b = m.benefits;
  const [uploaded, setUploaded] = useState<PickedFile | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  useReportUploading(uploading);
  const shown = uploaded ?? (previous && value === previous.id ? previous : null);
  return (
    <Space orientation="vertical" size={2} data-material={name}>
      {shown && (
        <Typography.Text type="success">
          <CheckCircleFilled /> {uploaded ? b.uploaded(shown.fileName) : b.reuse(shown.fileName)}
        </Typography.Text>
      )}
      <Upload
        name="file"
        action="/api/attachments"
        headers={CSRF_HEADERS}
        accept={ACCEPT}
        maxCount={1}
        showUploadList={false}
        onChange={({ file }) => {
          setUploading(file.status === 'uploading');
          if (file.status === 'uploading') setFailed(null);
          if (file.status === 'done') {
            const body = file.response as { id: string; fileName: string };
            setUploaded({ id: body.id, fileName: body.fileName });
            setFailed(null);
            onChange?.(body.id);
          } else if (file.status === 'error') {
            setFailed(m.caseFiles.failedAs(file.name, (file.response as { error?: { message: string } } | undefined)?.error?.message ?? m.caseFiles.uploadFailed));
          }
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={uploading}>
          {uploading ? m.caseFiles.uploading : shown ? b.replace : b.upload}
        </Button>
      </Upload>
      {failed && (
        <Typography.Text type="danger" data-testid="file-upload-error">
          {failed}
        </Typography.Text>
      )}
    </Space>
  );
};
