import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, List, Modal, Progress, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { LedgerImportPreview, LedgerImportResult } from '../../../src/cases/import-ledger.ts';
import type { LedgerImportError } from '../../../src/io/ledger-import.ts';
import type { Line } from '../../../src/domain/lines/vocabulary.ts';
import { ApiError, CSRF_HEADERS } from '../api/client.ts';
import { useUser } from '../app/auth.tsx';
import { WorkbookDropText, WorkbookTemplate } from '../components/Workbook.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Step =
  | { kind: 'choose' }
  | { kind: 'sending'; percent: number; confirming: boolean }
  | { kind: 'checked'; file: File; preview: LedgerImportPreview }
  | { kind: 'imported'; result: LedgerImportResult }
  | { kind: 'invalid'; message: string; errors: LedgerImportError[] }
  | { kind: 'failed'; message: string };

/**
 * Posts the ledger as multipart/form-data through XMLHttpRequest, whose upload reports its
 * progress (fetch does not), and returns the server's answer.
 * @throws ApiError with the server's code, message and details
 */
const postLedger = <T,>(url: string, file: File, onProgress: (percent: number) => void, texts: { network: string; httpFailed: (status: number) => string }): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(CSRF_HEADERS)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onerror = () => reject(new ApiError(0, 'NETWORK', texts.network));
    request.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(request.responseText);
      } catch {
        data = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(data as T);
        return;
      }
      const error = (data as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error;
      reject(new ApiError(request.status, error?.code ?? 'HTTP_ERROR', error?.message ?? texts.httpFailed(request.status), error?.details ?? {}));
    };
    const form = new FormData();
    form.append('file', file);
    request.send(form);
  });

/** The problems of a file: 行, 列, 值, 问题 — every one, paged. */
const ProblemTable = ({ errors }: { errors: readonly LedgerImportError[] }) => {
  const { m } = useI18n();
  const t = m.ledgerImport;
  return (
    <Table<LedgerImportError & { key: number }>
      size="small"
      pagination={errors.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
      dataSource={errors.map((error, index) => ({ ...error, key: index }))}
      tableLayout="fixed"
      columns={[
        { title: t.row, dataIndex: 'row', width: 56, render: (row: number | null) => (row === null ? t.wholeFile : <span className="money">{row}</span>) },
        { title: t.column, dataIndex: 'column', width: 112, render: (column: string | null) => column ?? '—' },
        { title: t.value, dataIndex: 'value', width: 120, ellipsis: true, responsive: ['sm'], render: (value: string) => value || '—' },
        { title: t.problem, dataIndex: 'message' },
      ]}
      data-testid="ledger-import-problems"
    />
  );
};

/**
 * 台账导入 on the ledger page: the line whose ledger it is (those the session lets the user
 * import), its template to download, the upload with its progress, the check (every problem of
 * the file in a table, nothing written), then 确认导入 and the result — the cases registered,
 * each linked. `onImported` refreshes the ledger.
 */
export const LedgerImportModal = ({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) => {
  const { m } = useI18n();
  const t = m.ledgerImport;
  const user = useUser();
  const lines = user.abilities.importLedgerLines;
  const [line, setLine] = useState<Line>(lines.includes('arrears') ? 'arrears' : (lines[0] ?? 'arrears'));
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const importUrl = `/api/cases/import?line=${line}`;

  const refused = (caught: unknown): Step => {
    if (caught instanceof ApiError && caught.code === 'IMPORT_INVALID') {
      return { kind: 'invalid', message: caught.message, errors: (caught.details.errors as LedgerImportError[] | undefined) ?? [] };
    }
    return { kind: 'failed', message: caught instanceof Error ? caught.message : t.failed };
  };

  const check = async (file: File) => {
    setStep({ kind: 'sending', percent: 0, confirming: false });
    try {
      const preview = await postLedger<LedgerImportPreview>(`${importUrl}&dryRun=true`, file, (percent) => setStep({ kind: 'sending', percent, confirming: false }), m.api);
      setStep({ kind: 'checked', file, preview });
    } catch (caught) {
      setStep(refused(caught));
    }
  };

  const confirm = async () => {
    if (step.kind !== 'checked') return;
    const { file } = step;
    setStep({ kind: 'sending', percent: 0, confirming: true });
    try {
      const result = await postLedger<LedgerImportResult>(importUrl, file, (percent) => setStep({ kind: 'sending', percent, confirming: true }), m.api);
      setStep({ kind: 'imported', result });
      onImported();
    } catch (caught) {
      setStep(refused(caught));
    }
  };

  const close = () => {
    setStep({ kind: 'choose' });
    onClose();
  };

  const checked = step.kind === 'checked' ? step : null;
  const choosing = step.kind === 'choose' || step.kind === 'invalid' || step.kind === 'failed' || (checked !== null && checked.preview.errors.length > 0);
  return (
    <Modal
      open={open}
      title={t.title}
      width={960}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={close} data-testid="ledger-import-close">
            {t.close}
          </Button>
          {checked !== null && checked.preview.errors.length === 0 && checked.preview.importable > 0 && (
            <Button type="primary" onClick={() => void confirm()} data-testid="ledger-import-confirm">
              {t.confirm(checked.preview.importable)}
            </Button>
          )}
        </Space>
      }
      data-testid="ledger-import-modal"
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Text>{m.common.label(t.line)}</Typography.Text>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            // The four lines' names wrap at 390 px rather than scroll.
            style={{ display: 'flex', flexWrap: 'wrap', rowGap: 4, marginTop: 4 }}
            value={line}
            disabled={step.kind === 'sending'}
            // Another line is another ledger: what was checked for the last one is set aside.
            onChange={(event) => {
              setLine(event.target.value as Line);
              setStep({ kind: 'choose' });
            }}
            options={lines.map((value) => ({ value, label: m.line[value] }))}
            data-testid="ledger-import-line"
          />
        </div>
        <WorkbookTemplate
          intro={t.intro(m.line[line], t.cases[line])}
          href={`/api/cases/import-template.xlsx?line=${line}`}
          label={t.template(m.line[line])}
          hint={t.templateHint}
          testId="ledger-import-template"
        />
        {choosing && (
          <Upload.Dragger
            name="file"
            accept=".xlsx"
            maxCount={1}
            showUploadList={false}
            // The file is kept and posted by hand: to check it, then to import it.
            beforeUpload={(file) => {
              void check(file);
              return false;
            }}
            data-testid="ledger-import-upload"
          >
            <WorkbookDropText busy={false} busyText="" drop={t.drop} formats={t.formats} />
          </Upload.Dragger>
        )}
        {step.kind === 'sending' && (
          <div data-testid="ledger-import-progress">
            <Progress percent={step.percent} status="active" />
            <Typography.Text type="secondary">{step.percent < 100 ? t.uploading(step.percent) : step.confirming ? t.importing : t.checking}</Typography.Text>
          </div>
        )}
        {checked !== null && (
          <div data-testid="ledger-import-checked">
            <Alert
              type={checked.preview.errors.length > 0 ? 'warning' : 'success'}
              showIcon
              title={t.checked(checked.preview.rows, checked.preview.importable, checked.preview.skipped)}
              description={
                <Space orientation="vertical" size={0}>
                  <span>{checked.preview.errors.length > 0 ? t.problems(checked.preview.errors.length) : checked.preview.importable === 0 ? t.nothingNew(checked.preview.skipped) : t.noProblems}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                    {t.fileLine(checked.preview.fileName, checked.preview.sha256)}
                  </Typography.Text>
                </Space>
              }
              style={{ marginBottom: 12 }}
            />
            {checked.preview.errors.length > 0 && <ProblemTable errors={checked.preview.errors} />}
          </div>
        )}
        {step.kind === 'imported' && (
          <div data-testid="ledger-import-result">
            <Alert
              type={step.result.imported > 0 ? 'success' : 'info'}
              showIcon
              title={step.result.imported > 0 ? t.done(step.result.imported, step.result.skipped, t.cases[line]) : t.nothingNew(step.result.skipped)}
              style={{ marginBottom: 12 }}
            />
            {step.result.cases.length > 0 && (
              <List
                size="small"
                header={step.result.imported > step.result.cases.length ? `${t.registered}（${t.more(step.result.imported)}）` : t.registered}
                bordered
                dataSource={step.result.cases.slice(0, 50)}
                style={{ maxHeight: 320, overflow: 'auto' }}
                renderItem={(item) => (
                  <List.Item key={item.id} data-imported={item.number}>
                    <Space wrap>
                      <Link to={`/cases/${item.id}`} className="money">
                        {item.number}
                      </Link>
                      <Typography.Text type="secondary">
                        {t.row} {item.row}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
            <Link to={`/ledger?line=${line}&sort=registered_desc`} onClick={close} style={{ display: 'inline-block', marginTop: 12 }} data-testid="ledger-import-open-ledger">
              {t.openLedger}
            </Link>
          </div>
        )}
        {step.kind === 'invalid' && (
          <div data-testid="ledger-import-invalid">
            <Alert type="error" showIcon title={step.message} description={t.invalid} style={{ marginBottom: 12 }} />
            <ProblemTable errors={step.errors} />
          </div>
        )}
        {step.kind === 'failed' && <Alert type="error" showIcon title={step.message} data-testid="ledger-import-failed" />}
      </Space>
    </Modal>
  );
};

/** The ledger page's 导入台账 button, for whoever may import a ledger (the session says), with its dialog. */
export const LedgerImportButton = ({ onImported }: { onImported: () => void }) => {
  const { m } = useI18n();
  const user = useUser();
  const [open, setOpen] = useState(false);
  if (!user.abilities.importLedger) return null;
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="ledger-import-open">
        {m.ledgerImport.button}
      </Button>
      <LedgerImportModal open={open} onClose={() => setOpen(false)} onImported={onImported} />
    </>
  );
};
