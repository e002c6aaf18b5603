import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { DeadlineBadge } from '../../components/labels.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Messages } from '../../i18n/messages.ts';
import { text } from '../action-specs.ts';
import type { CaseViewOf, WebLine } from './line.ts';

type IntegrityView = CaseViewOf<'integrity'>;

/** G2: the measures of a rectification plan, one text each. */
const MeasuresField = ({ label }: { label: string }) => {
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

/** G2: the rectification plan: measures, time limit (flagged when it crosses the year), responsible person. */
const RectificationCard = ({ record }: { record: IntegrityView }) => {
  const { m } = useI18n();
  const t = m.intake;
  const { rectification } = record;
  if (rectification === null) return null;
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
                <DeadlineBadge deadline={rectification.timeLimit} status={record.state === 'performing' ? record.deadlineStatus : 'on_track'} />
                {rectification.crossesYear && <Tag color="red">{t.crossesYear}</Tag>}
              </Space>
            ),
          },
          {
            key: 'person',
            label: t.responsiblePerson,
            children: [rectification.responsiblePerson.name, rectification.responsiblePerson.post, rectification.responsiblePerson.phone]
              .filter(Boolean)
              .join(m.common.enumSeparator),
          },
        ]}
      />
    </Card>
  );
};

/** How the integrity line's own events read in the timeline. */
const timeline: WebLine<'integrity'>['timeline'] = (event, m) => {
  switch (event.type) {
    case 'classify': {
      const note = (event.payload as { note?: string | null }).note;
      return note ? [m.common.labelled(m.intake.fields.classifyNote, note)] : [];
    }
    case 'propose_plan': {
      const payload = event.payload as Record<string, unknown>;
      const rectification = payload.rectification as { measures: string[]; timeLimit: string; responsiblePerson: { name: string; post: string } };
      const note = payload.note as string | null;
      return [
        m.common.labelled(m.intake.measures, rectification.measures.join(m.common.listSeparator)),
        m.common.labelled(m.intake.timeLimit, rectification.timeLimit),
        m.common.labelled(m.intake.responsiblePerson, m.common.parenthesized(rectification.responsiblePerson.name, rectification.responsiblePerson.post)),
        ...(note ? [m.common.labelled(m.actions.fields.note, note)] : []),
      ];
    }
    default:
      return undefined;
  }
};

const actions = (m: Messages): ReturnType<WebLine<'integrity'>['actions']> => ({
  classify: {
    fields: () => [{ name: 'note', label: m.intake.fields.classifyNote, kind: 'textarea' }],
    toCommand: (values) => ({ action: 'classify', classification: { line: 'integrity', note: text(values, 'note') } }),
  },
  propose_plan: {
    wide: true,
    fields: () => [
      { name: 'measures', label: m.intake.measures, kind: 'custom', render: () => <MeasuresField label={m.intake.measures} /> },
      { name: 'timeLimit', label: m.intake.timeLimit, kind: 'date', required: true, help: m.intake.crossesYear },
      { name: 'personName', label: m.intake.fields.personName, kind: 'text', required: true },
      { name: 'personPost', label: m.intake.fields.personPost, kind: 'text', required: true },
      { name: 'personPhone', label: m.intake.fields.personPhone, kind: 'text' },
      { name: 'note', label: m.actions.fields.note, kind: 'textarea' },
    ],
    initial: () => ({ measures: [''] }),
    toCommand: (values) => ({
      action: 'propose_plan',
      rectification: {
        measures: ((values.measures as unknown[] | undefined) ?? []).map((item) => (typeof item === 'string' ? item.trim() : '')).filter(Boolean),
        timeLimit: text(values, 'timeLimit') ?? '',
        responsiblePerson: { name: text(values, 'personName') ?? '', post: text(values, 'personPost') ?? '', phone: text(values, 'personPhone') },
      },
      note: text(values, 'note'),
    }),
    // The plan's fields sit under `rectification` in the command, its person's under `responsiblePerson`.
    fieldOf: (path) => path.replace(/^rectification\.responsiblePerson\.(\w)/, (_, first: string) => `person${first.toUpperCase()}`).replace(/^rectification\./, ''),
  },
  fulfil: {
    fields: () => [{ name: 'evidence', label: m.intake.fulfilEvidence, kind: 'textarea', required: true }],
    toCommand: (values) => ({ action: 'fulfil', evidence: text(values, 'evidence') ?? '' }),
  },
});

/** 政府守信践诺再提升 in the UI (G2): rectification items, with or without an enterprise. */
export const integrityWeb: WebLine<'integrity'> = {
  actions,
  actionLabel: (m, action) => (action === 'fulfil' ? m.intake.fulfilIntegrity : undefined),
  timeline,
  FactsCard: RectificationCard,
  // An item concerning an enterprise may name an amount; most concern none.
  showsAmounts: (record) => record.claimedAmount !== null,
  registration: {
    enterprise: 'optional',
    claimedAmount: (m) => ({ label: m.intake.register.claimedAmountOptional, required: false }),
    placeholders: (m) => ({ title: m.intake.register.integrityTitlePlaceholder, facts: m.intake.register.integrityFactsPlaceholder }),
    responsibleUnitLabel: (m) => m.intake.register.responsibleUnit,
  },
};
