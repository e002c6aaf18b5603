import { Card, Empty, Tag, Typography } from 'antd';
import type { CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The case page's 依据 panel: the work map's rules the case stands on and, under them, the
 * articles of 保障中小企业款项支付条例. `showRules`: the rule ids, for staff; an enterprise reads the
 * rules' words alone.
 */
export const BasisCard = ({ record, showRules }: { record: Pick<CaseView, 'basis' | 'regulation'>; showRules: boolean }) => {
  const { m } = useI18n();
  const p = m.casePage;
  return (
    <Card size="small" title={m.caseFields.basis} data-testid="basis">
      {record.basis.length === 0 && record.regulation.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.notClassified} />
      ) : (
        <>
          {record.basis.map((item) => (
            <Typography.Paragraph key={item.rule} style={{ marginBottom: 8 }}>
              {showRules && <Tag color="red">{item.rule}</Tag>}
              {item.text}
            </Typography.Paragraph>
          ))}
          {record.regulation.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {p.regulationTitle}
            </Typography.Paragraph>
          )}
          {record.regulation.map((item) => (
            <Typography.Paragraph key={item.article} style={{ marginBottom: 8 }} data-testid="basis-article">
              <Tag color="blue">{item.article}</Tag>
              {item.text}
            </Typography.Paragraph>
          ))}
        </>
      )}
    </Card>
  );
};
