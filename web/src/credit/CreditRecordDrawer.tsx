import { Alert, Button, Descriptions, Drawer, Grid, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CreditRecordView } from '../../../src/credit/get-credit-record.ts';
import type { CreditAction } from '../../../src/domain/credit/commands.ts';
import { isRole } from '../../../src/domain/access/roles.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { BreachSteps } from './BreachSteps.tsx';
import { CreditActionModal } from './CreditActionModal.tsx';
import { CreditStatusTag } from './labels.tsx';

const EVENT_COLOR = {
  order_rectification: 'gold',
  record_rectified: 'cyan',
  record_refusal: 'volcano',
  record: 'red',
  object: 'orange',
  decide_objection: 'blue',
  apply_repair: 'orange',
  decide_repair: 'green',
  export: 'gray',
} as const;

/** The buttons that answer the unit or close a step; the others (the unit's own, a refusal) are drawn lighter. */
const PRIMARY: ReadonlySet<CreditAction> = new Set(['record_rectified', 'record', 'decide_objection', 'apply_repair', 'decide_repair']);

/**
 * One record: where it stands on 发改财金〔2023〕1103号's sequence (the steps), the order to rectify
 * and its outcome, the facts and basis of the determination, objection and repair, history, and
 * the buttons its reader may press.
 */
export const CreditRecordDrawer = ({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) => {
  const { m } = useI18n();
  const c = m.credit;
  const loaded = useApi<CreditRecordView>(`/api/credit/records/${id}`);
  const [acting, setActing] = useState<CreditAction>();
  const record = loaded.data;
  const wide = Grid.useBreakpoint().md ?? true;
  const when = (instant: string | null) => (instant ? dayjs(instant).format('YYYY-MM-DD HH:mm') : '');

  // The lines of an event worth reading in the history; the order's own are on the page above.
  const payloadText = (type: string, payload: Record<string, unknown>): string[] =>
    (type === 'order_rectification' ? (['orderDocumentNumber'] as const) : (['reason', 'measures', 'evidence', 'facts', 'batchNumber'] as const)).flatMap((key) =>
      typeof payload[key] === 'string' ? [String(payload[key])] : [],
    );
  const determined = record !== undefined && record.breachOn !== null;

  return (
    <Drawer open size={wide ? 640 : '100%'} title={record ? `${c.fields.number} ${record.number}` : c.title} onClose={onClose} data-testid="credit-drawer">
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {!record && !loaded.error && <Spin />}
      {record && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <CreditStatusTag status={record.status} />
            {record.repairPending && <Tag color="orange">{c.repairPending}</Tag>}
            <Tag>{record.exportedChange ? c.change[record.exportedChange] : c.notReported}</Tag>
          </Space>
          <BreachSteps record={record} rectificationOverdue={record.rectificationOverdue} vertical={!wide} />
          {record.availableActions.length > 0 && (
            <Space wrap data-testid="credit-actions">
              {record.availableActions.map((item) => (
                <Button
                  key={item.action}
                  type="primary"
                  ghost={!PRIMARY.has(item.action)}
                  danger={item.action === 'record_refusal' || item.action === 'record'}
                  onClick={() => setActing(item.action)}
                >
                  {c.actions[item.action]}
                </Button>
              ))}
            </Space>
          )}
          {record.status === 'ordered' && record.availableActions.length === 0 && <Alert type="warning" showIcon title={c.orderedNotice} data-testid="credit-ordered-notice" />}
          {record.status === 'recorded' && !record.breachRemedied && record.availableActions.some((item) => item.action === 'object') && (
            <Typography.Text type="secondary">{c.repairNotYet}</Typography.Text>
          )}
          <Descriptions
            column={1}
            size="small"
            bordered
            // On a phone the labels go above their values: a label column would leave the values a sliver.
            layout={wide ? 'horizontal' : 'vertical'}
            items={[
              { key: 'unit', label: c.fields.unit, children: `${record.unitName}（${c.unitKind[record.unitKind]}）` },
              { key: 'code', label: c.fields.creditCode, children: <span className="money">{record.unitCreditCode}</span> },
              {
                key: 'case',
                label: c.fields.case,
                children: record.case ? <Link to={`/cases/${record.case.id}`}>{`${record.case.number} ${record.case.title}`}</Link> : (record.caseNumber ?? '—'),
              },
              { key: 'facts', label: c.fields.facts, children: record.facts },
              { key: 'basis', label: c.fields.basis, children: record.basis },
              ...(record.orderedOn
                ? [
                    { key: 'documentNumber', label: c.fields.documentNumber, children: record.orderDocumentNumber },
                    { key: 'requirement', label: c.fields.requirement, children: record.orderRequirement },
                    { key: 'orderedOn', label: c.fields.orderedOn, children: record.orderedOn },
                    {
                      key: 'deadline',
                      label: c.fields.deadline,
                      children: (
                        <Space size={4} wrap>
                          <span className="money" data-testid="credit-deadline-value">{record.rectificationDeadline}</span>
                          {record.rectificationOverdue && <Tag color="red">{c.steps.overdue(record.rectificationDeadline ?? '')}</Tag>}
                        </Space>
                      ),
                    },
                  ]
                : []),
              ...(record.rectifiedOn
                ? [{ key: 'rectified', label: c.fields.rectified, children: m.common.parenthesized(record.rectificationEvidence ?? '', record.rectifiedOn) }]
                : []),
              ...(record.refusedOn
                ? [
                    {
                      key: 'refusal',
                      label: c.fields.refusal,
                      children: `${m.common.parenthesized(record.refusalGround ? c.refusalGround[record.refusalGround] : '', record.refusedOn)}：${record.refusalFacts ?? ''}`,
                    },
                  ]
                : []),
              ...(determined
                ? [
                    { key: 'breachOn', label: c.fields.breachOn, children: record.breachOn },
                    {
                      key: 'recordingUnit',
                      label: c.fields.recordingUnit,
                      // Who determined the breach; a record determined at once was opened by its determination.
                      children: `${record.recordingUnitName} · ${record.history.find((event) => event.type === 'record')?.actorName ?? record.recordedByName}`,
                    },
                  ]
                : []),
              ...(record.objectionReason ? [{ key: 'objection', label: c.fields.objection, children: record.objectionReason }] : []),
              ...(record.objectionDecision
                ? [{ key: 'objectionDecision', label: c.fields.objectionDecision, children: `${c.objectionDecision[record.objectionDecision]}：${record.objectionDecisionReason ?? ''}` }]
                : []),
              ...(record.revokedOn ? [{ key: 'revokedOn', label: c.fields.revokedOn, children: record.revokedOn }] : []),
              ...(record.repairMeasures ? [{ key: 'repair', label: c.fields.repairMeasures, children: record.repairMeasures }] : []),
              ...(record.repairDecision
                ? [
                    {
                      key: 'repairDecision',
                      label: c.fields.repairDecision,
                      children: `${c.repairDecision[record.repairDecision]}：${record.repairDecisionReason ?? ''}`,
                    },
                  ]
                : []),
              ...(record.repairedOn ? [{ key: 'repairedOn', label: c.fields.repairedOn, children: record.repairedOn }] : []),
            ]}
          />
          <div>
            <Typography.Title level={5}>{c.history}</Typography.Title>
            <Timeline
              data-testid="credit-history"
              items={[...record.history].reverse().map((event) => ({
                key: event.seq,
                color: EVENT_COLOR[event.type],
                content: (
                  <div>
                    <Typography.Text strong>{c.event[event.type]}</Typography.Text>{' '}
                    {event.statusBefore !== event.statusAfter && (
                      <Typography.Text type="secondary">
                        {event.statusBefore ? `${c.status[event.statusBefore]} → ` : ''}
                        {c.status[event.statusAfter]}
                      </Typography.Text>
                    )}
                    <div style={{ color: '#666', fontSize: 12 }}>
                      {when(event.at)} · {m.common.parenthesized(event.actorName, isRole(event.actorRole) ? m.role[event.actorRole] : event.actorRole)}
                    </div>
                    {payloadText(event.type, event.payload).map((line) => (
                      <div key={line} style={{ fontSize: 13 }}>
                        {line}
                      </div>
                    ))}
                  </div>
                ),
              }))}
            />
          </div>
          {record.status === 'revoked' && <Alert type="success" showIcon title={`${c.status.revoked}：${record.objectionDecisionReason ?? ''}`} />}
        </Space>
      )}
      {record && acting && (
        <CreditActionModal
          record={record}
          action={acting}
          onClose={() => setActing(undefined)}
          onDone={() => {
            setActing(undefined);
            loaded.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
};
