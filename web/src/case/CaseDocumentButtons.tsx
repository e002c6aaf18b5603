import { FileWordOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { CaseView } from '../api/types.ts';

/**
 * The case's printable documents: the 案件办理单 (销号审批表 once closed) for staff, and the 受理回执
 * of an accepted case for its enterprise and staff. The server decides again who may have them.
 */
export const CaseDocumentButtons = ({ record }: { record: Pick<CaseView, 'id' | 'state' | 'intake'> }) => {
  const { m } = useI18n();
  const user = useUser();
  const d = m.intake.documents;
  const accepted = record.intake?.status === 'accepted' && record.intake.acceptedAt !== null && record.state !== 'dismissed';
  return (
    <>
      {user.role !== 'enterprise' && (
        <Button icon={<FileWordOutlined />} href={`/api/cases/${record.id}/handling-form.docx`} download title={d.hint} data-testid="case-handling-form">
          {record.state === 'closed' ? d.closureForm : d.handlingForm}
        </Button>
      )}
      {accepted && (
        <Button icon={<FileWordOutlined />} href={`/api/cases/${record.id}/acceptance-receipt.docx`} download title={d.hint} data-testid="case-receipt">
          {d.receipt}
        </Button>
      )}
    </>
  );
};
