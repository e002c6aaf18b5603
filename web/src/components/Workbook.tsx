import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { ApiError } from '../api/client.ts';

/** The head of a workbook import: what it does, and the template to fill in. */
export const WorkbookTemplate = ({ intro, href, label, hint, testId }: { intro: string; href: string; label: string; hint: string; testId: string }) => (
  <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
      {intro}
    </Typography.Paragraph>
    <Space wrap>
      <Button icon={<DownloadOutlined />} href={href} download data-testid={testId}>
        {label}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </Space>
  </Space>
);

/** What an upload area for a workbook says: drop it here, or that it is being read. */
export const WorkbookDropText = ({ busy, busyText, drop, formats }: { busy: boolean; busyText: string; drop: string; formats: string }) => (
  <>
    <p className="ant-upload-drag-icon">
      <InboxOutlined />
    </p>
    <p>{busy ? busyText : drop}</p>
    <p style={{ color: '#999' }}>{formats}</p>
  </>
);

/**
 * Posts a workbook as multipart/form-data (the JSON client sends only JSON bodies), with any
 * form fields before the file (an import's choices), and returns the server's answer.
 * @throws ApiError with the server's code, message and details
 */
export const postWorkbook = async <T,>(
  url: string,
  file: File,
  headers: Record<string, string>,
  texts: { network: string; httpFailed: (status: number) => string },
  fields: Record<string, string> = {},
): Promise<T> => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', ...headers }, body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', texts.network);
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? texts.httpFailed(response.status), error?.details ?? {});
  }
  return data as T;
};
