import { Alert, Card, Steps, Typography } from 'antd';
import type { CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The enterprise's view of where its case is: its steps in plain words and what comes next, instead of the state machine. */
export const EnterpriseProgressCard = ({ progress }: { progress: CaseView['enterpriseProgress'] }) => {
  const { m } = useI18n();
  return (
    <Card size="small" title={m.casePage.whereItStands} data-testid="enterprise-progress">
      <Steps
        size="small"
        current={progress.current}
        status={progress.status}
        items={progress.stages.map((stage) => ({ title: stage.label }))}
        style={{ marginBottom: 12 }}
      />
      <Alert type={progress.status === 'error' ? 'warning' : 'info'} showIcon title={progress.next} data-testid="enterprise-next" />
      {/* What the enterprise did itself: material added, a request to reopen, a withdrawal. */}
      {progress.notes.length > 0 && (
        <ul style={{ margin: '12px 0 0', paddingInlineStart: 20 }} data-testid="enterprise-notes">
          {progress.notes.map((note) => (
            <li key={note.at} style={{ overflowWrap: 'anywhere' }}>
              <Typography.Text type="secondary">{note.text}</Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
};

