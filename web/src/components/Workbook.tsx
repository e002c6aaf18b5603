import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, CSRF_HEADERS, idempotencyKey } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

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
    response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', ...CSRF_HEADERS, ...headers }, body: form });
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

/** Where a workbook import stands: choosing a file, checking it, its preview, done, or refused. */
export type WorkbookImportStep<R, E> =
  | { kind: 'choose' }
  | { kind: 'checking' }
  | { kind: 'preview'; file: File; result: R; key: string; importing: boolean }
  | { kind: 'done'; result: R }
  | { kind: 'invalid'; message: string; errors: E[] }
  | { kind: 'failed'; message: string };

/**
 * A workbook import's steps: the file is checked first (`url?dryRun=true`, a preview that writes
 * nothing, or every row error of `IMPORT_INVALID`); `confirm` sends the same file again under one
 * idempotency key and calls `onImported`; `reset` goes back to choosing a file.
 */
export const useWorkbookImport = <R, E>(url: string, failed: string, onImported: () => void) => {
  const { m } = useI18n();
  const [step, setStep] = useState<WorkbookImportStep<R, E>>({ kind: 'choose' });
  const refused = (caught: unknown): WorkbookImportStep<R, E> => {
    if (caught instanceof ApiError && caught.code === 'IMPORT_INVALID') {
      return { kind: 'invalid', message: caught.message, errors: (caught.details.errors as E[] | undefined) ?? [] };
    }
    return { kind: 'failed', message: caught instanceof Error ? caught.message : failed };
  };
  const check = async (file: File) => {
    setStep({ kind: 'checking' });
    try {
      const result = await postWorkbook<R>(`${url}?dryRun=true`, file, {}, m.api);
      setStep({ kind: 'preview', file, result, key: idempotencyKey(), importing: false });
    } catch (caught) {
      setStep(refused(caught));
    }
  };
  const confirm = async () => {
    if (step.kind !== 'preview') return;
    setStep({ ...step, importing: true });
    try {
      const result = await postWorkbook<R>(url, step.file, { 'idempotency-key': step.key }, m.api);
      setStep({ kind: 'done', result });
      onImported();
    } catch (caught) {
      setStep(refused(caught));
    }
  };
  const reset = () => setStep({ kind: 'choose' });
  return { step, check, confirm, reset };
};
