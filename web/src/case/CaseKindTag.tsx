import { Card, Descriptions, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { CaseKind } from '../../../src/domain/lines/case-kinds.ts';
import type { RetaliationComplaint } from '../../../src/domain/lines/arrears/retaliation.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The tag of a kind of case its line keeps apart (打击报复投诉), wherever a reader meets the case; nothing for an ordinary case. */
export const CaseKindTag = ({ kind }: { kind: CaseKind | null | undefined }) => {
  const { m } = useI18n();
  if (kind === null || kind === undefined) return null;
  return (
    <Tag color="volcano" data-testid="case-kind-tag">
      {m.retaliation.kind[kind]}
    </Tag>
  );
};

/** What a complaint of retaliation records (保障中小企业款项支付条例第二十条), on the case page. */
export const CaseKindCard = ({ record }: { record: { kind: CaseKind | null; complaint?: RetaliationComplaint | undefined } }) => {
  const { m } = useI18n();
  const complaint = record.complaint;
  if (record.kind !== 'retaliation' || complaint === undefined) return null;
  const t = m.retaliation.card;
  return (
    <Card size="small" title={t.title} data-testid="retaliation-card">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'conduct', label: t.conduct, children: m.retaliation.conduct[complaint.conduct] },
          { key: 'occurredOn', label: t.occurredOn, children: <span className="money">{complaint.occurredOn}</span> },
          {
            key: 'prior',
            label: t.priorCase,
            children: complaint.priorCase === null ? t.none : <Link to={`/cases/${complaint.priorCase.id}`}>{`${complaint.priorCase.number} ${complaint.priorCase.title}`}</Link>,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t.path}
      </Typography.Paragraph>
    </Card>
  );
};
