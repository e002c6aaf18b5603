import { Alert, Form, Input, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CaseView } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { FileUpload } from './FileUpload.tsx';

/**
 * The enterprise's answer to a plan (A3) or a deferral (P3, I2): what it is agreeing to, restated
 * (each installment's date and amount, the total, the paying unit), the fields it fills, and the
 * upload of its signed document. Staff recording the answer on the enterprise's behalf also name
 * the document and must give it (SPEC §7 `consent`).
 */

interface Installment {
  readonly dueOn: string;
  readonly amount: number;
}

const proposedPlanOf = (record: CaseView): readonly Installment[] | null => {
  const plan = (record as { proposedPlan?: { installments: readonly Installment[] } | null }).proposedPlan;
  return plan ? plan.installments : null;
};

const proposedDeferralOf = (record: CaseView): { newDate: string; reason: string } | null =>
  (record as { proposedDeferral?: { newDate: string; reason: string } | null }).proposedDeferral ?? null;

/** What the enterprise is agreeing to, in full. */
export const ConsentPlan = ({ record }: { record: CaseView }) => {
  const { m } = useI18n();
  const t = m.caseFiles.consent;
  const installments = proposedPlanOf(record);
  const deferral = proposedDeferralOf(record);
  if (installments === null && deferral === null) return null;
  const total = (installments ?? []).reduce((sum, item) => sum + item.amount, 0);
  return (
    <div data-testid="consent-plan" style={{ marginBottom: 16 }}>
      <Typography.Text strong>{installments ? t.title : t.deferralTitle}</Typography.Text>
      <div style={{ margin: '4px 0 8px' }}>
        {m.common.label(t.debtor)}
        <span data-testid="consent-debtor">{record.responsibleUnit.name}</span>
      </div>
      {installments && (
        <Table
          size="small"
          bordered
          rowKey="seq"
          pagination={false}
          dataSource={installments.map((item, index) => ({ ...item, seq: index + 1 }))}
          columns={[
            { title: m.casePage.installment, dataIndex: 'seq', render: (seq: number) => t.installment(seq), width: 72 },
            { title: t.dueOn, dataIndex: 'dueOn', render: (dueOn: string) => <span className="money">{dueOn}</span> },
            { title: t.amount, dataIndex: 'amount', align: 'right', render: (fen: number) => <Money fen={fen} exact /> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text strong>{t.total}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong data-testid="consent-total">
                  <Money fen={total} exact />
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      )}
      {deferral && (
        <div>
          <div>
            {m.common.label(t.newDate)}
            <span className="money">{deferral.newDate}</span>
          </div>
          <div>{m.common.labelled(t.reason, deferral.reason)}</div>
        </div>
      )}
      <Alert type="info" showIcon style={{ marginTop: 8 }} title={t.after} />
    </div>
  );
};

/** Shown to staff only (what an enterprise answering for itself does not fill). */
export const StaffOnly = ({ children }: { children: ReactNode }) => (useUser().role === 'enterprise' ? null : <>{children}</>);

/** The signed document's name, for staff recording the answer. */
export const RecordedDocumentField = ({ label }: { label: string }) => (
  <StaffOnly>
    <Form.Item name="document" label={label}>
      <Input />
    </Form.Item>
  </StaffOnly>
);

/** The upload of the signed document: encouraged for the enterprise itself, the scan of what staff record. */
export const AnswerFileField = ({ action, deferral = false }: { action: 'consent' | 'object' | 'waive_interest'; deferral?: boolean }) => {
  const { m } = useI18n();
  const f = m.caseFiles.fields;
  const enterprise = useUser().role === 'enterprise';
  const label = !enterprise ? (action === 'waive_interest' ? f.waiverFile : f.recordedDocument) : action === 'consent' ? (deferral ? f.signedDeferral : f.signedConsent) : action === 'object' ? f.signedObjection : f.waiverFile;
  const help = !enterprise ? f.recordedDocumentHelp : action === 'consent' ? f.signedConsentHelp : undefined;
  return (
    <Form.Item name="attachmentId" label={label} extra={help}>
      <FileUpload name="attachmentId" />
    </Form.Item>
  );
};
