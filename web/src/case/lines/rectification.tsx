import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import type { ShownRectification } from '../../../../src/domain/access/disclosure.ts';
import { maskedPhone } from '../../../../src/domain/personal-data.ts';
import type { DeadlineStatus } from '../../../../src/domain/supervision/time-limits.ts';
import { DeadlineBadge } from '../../components/labels.tsx';
import { RevealablePhone } from '../../components/RevealablePhone.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import { text, type FieldSpec, type Values } from '../action-specs.ts';

/**
 * The rectification plan (整改方案, G2) in the UI, as the lines that take one share it: the
 * integrity line's items and the policy line's 知晓难 and 手续繁 problems (P1, P2).
 */

/** G2: the measures of a rectification plan, one text each. */
export const MeasuresField = ({ label }: { label: string }) => {
  const { m } = useI18n();
  return (
    <Form.Item label={label} required>
      <Form.List name="measures">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" style={{ width: '100%' }}>
                <span style={{ minWidth: 48, display: 'inline-block' }}>{m.intake.fields.measure(index + 1)}</span>
                <Form.Item name={field.name} rules={[{ required: true, message: m.common.required(m.intake.measures) }]} style={{ width: 380, maxWidth: '70vw' }}>
                  <Input placeholder={m.intake.fields.measurePlaceholder} maxLength={500} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
              </Space>
            ))}
            <Button type="dashed" onClick={() => add('')} icon={<PlusOutlined />}>
              {m.intake.fields.addMeasure}
            </Button>
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
};

/**
 * G2: the rectification plan: measures, time limit (flagged when it crosses the year), responsible
 * person, their phone masked with 查看 for those the server lets call them (`mayRevealPersonalData`).
 */
export const RectificationCard = ({
  record,
}: {
  record: { id: string; state: string; rectification: ShownRectification | null; deadlineStatus: DeadlineStatus; mayRevealPersonalData: boolean };
}) => {
  const { m } = useI18n();
  const { id: caseId, rectification, deadlineStatus, mayRevealPersonalData: mayRevealPhone } = record;
  const performing = record.state === 'performing';
  const t = m.intake;
  if (rectification === null) return null;
  const { name, post, phone } = rectification.responsiblePerson;
  return (
    <Card size="small" title={t.plan} data-testid="rectification">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'measures',
            label: t.measures,
            children: (
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {rectification.measures.map((measure) => (
                  <li key={measure}>{measure}</li>
                ))}
              </ol>
            ),
          },
          {
            key: 'timeLimit',
            label: t.timeLimit,
            children: (
              <Space wrap>
                <DeadlineBadge deadline={rectification.timeLimit} status={performing ? deadlineStatus : 'on_track'} />
                {rectification.crossesYear && <Tag color="red">{t.crossesYear}</Tag>}
              </Space>
            ),
          },
          {
            key: 'person',
            label: t.responsiblePerson,
            children: (
              <Space size={4} wrap>
                <span>{[name, post].filter(Boolean).join(m.common.enumSeparator)}</span>
                {phone !== null && (
                  <RevealablePhone masked={maskedPhone(phone)} revealUrl={mayRevealPhone ? `/api/cases/${caseId}/personal-data/reveal` : null} testId="rectification-phone" />
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
};

/** G2, P1, P2: the rectification plan's form fields (the measures, time limit and responsible person). */
export const rectificationFields = (m: Messages): FieldSpec[] => [
  { name: 'measures', label: m.intake.measures, kind: 'custom', render: () => <MeasuresField label={m.intake.measures} /> },
  { name: 'timeLimit', label: m.intake.timeLimit, kind: 'date', required: true, help: m.intake.crossesYear },
  { name: 'personName', label: m.intake.fields.personName, kind: 'text', required: true },
  { name: 'personPost', label: m.intake.fields.personPost, kind: 'text', required: true },
  { name: 'personPhone', label: m.intake.fields.personPhone, kind: 'text' },
];

/** The rectification plan of a `propose_plan` command, from the form's values. */
export const rectificationOf = (values: Values) => ({
  measures: ((values.measures as unknown[] | undefined) ?? []).map((item) => (typeof item === 'string' ? item.trim() : '')).filter(Boolean),
  timeLimit: text(values, 'timeLimit') ?? '',
  responsiblePerson: { name: text(values, 'personName') ?? '', post: text(values, 'personPost') ?? '', phone: text(values, 'personPhone') },
});

/** The plan's fields sit under `rectification` in the command, its person's under `responsiblePerson`. */
export const rectificationFieldOf = (path: string): string =>
  path.replace(/^rectification\.responsiblePerson\.(\w)/, (_, first: string) => `person${first.toUpperCase()}`).replace(/^rectification\./, '');

/** How a recorded rectification plan reads in the timeline; the person by post alone where their name is withheld (an enterprise's reading). */
export const rectificationLines = (rectification: ShownRectification, m: Messages): string[] => {
  const { name, post } = rectification.responsiblePerson;
  return [
    m.common.labelled(m.intake.measures, rectification.measures.join(m.common.listSeparator)),
    m.common.labelled(m.intake.timeLimit, rectification.timeLimit),
    m.common.labelled(m.intake.responsiblePerson, name === null ? post : m.common.parenthesized(name, post)),
  ];
};
