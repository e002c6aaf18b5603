import { Alert, Button, Descriptions, Drawer, List, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApplicationView } from '../../../src/benefits/read-applications.ts';
import type { ApplicationAction, ApplicationState } from '../../../src/domain/benefits/application.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ApplicationActionModal } from './ApplicationActionModal.tsx';

export const STATE_COLOR = { submitted: 'processing', supplement_requested: 'warning', approved: 'cyan', refused: 'default', disbursed: 'success' } satisfies Record<ApplicationState, string>;

/** What an event's payload says, in a line: the materials asked for, the amount, the reason… */
const eventDetail = (event: ApplicationView['events'][number]): string | null => {
  const payload = event.payload as { missing?: string[]; reason?: string; note?: string | null; amount?: number; paidOn?: string; budgetSource?: string | null; materials?: { name: string }[] };
  const parts = [
    payload.missing ? payload.missing.join('、') : null,
    payload.materials?.length ? payload.materials.map((material) => material.name).join('、') : null,
    payload.reason ?? null,
    payload.note ?? null,
  ].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join('；') : null;
};

/** One application: the clause, its state in plain words, materials, history, and the steps the reader may take. */
export const ApplicationDrawer = ({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged?: () => void }) => {
  const { m } = useI18n();
  const b = m.benefits;
  const d = b.detail;
  const loaded = useApi<ApplicationView>(`/api/benefit-applications/${id}`);
  const [acting, setActing] = useState<ApplicationAction | null>(null);
  const application = loaded.data;
  return (
    <Drawer open size={720} title={application ? `${application.clause.title} · ${application.enterpriseName}` : b.windowTitle} onClose={onClose} data-testid="application-drawer">
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {!application && !loaded.error && <Spin />}
      {application && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={STATE_COLOR[application.state]} data-state={application.state}>
              {b.state[application.state]}
            </Tag>
            <Tag>{b.channel[application.channel]}</Tag>
            {application.late && <Tag color="error">{b.late}</Tag>}
            {application.packageTag && <Tag color="purple">{application.packageTag}</Tag>}
            {application.actions.map((action) => (
              <Button key={action} type={action === 'refuse' ? 'default' : 'primary'} danger={action === 'refuse'} onClick={() => setActing(action)}>
                {b.action[action]}
              </Button>
            ))}
          </Space>
          <Alert type={application.state === 'supplement_requested' ? 'warning' : application.state === 'refused' ? 'error' : 'info'} showIcon title={application.statusText} data-testid="application-status" />
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            bordered
            items={[
              { key: 'enterprise', label: d.enterprise, children: application.enterpriseName },
              { key: 'handler', label: d.handler, children: application.handlingUnitName },
              { key: 'policy', label: d.policy, span: 'filled', children: `《${application.policyTitle}》${application.documentNo}` },
              { key: 'clause', label: d.clause, children: `${application.clause.article} ${application.clause.title}` },
              { key: 'rule', label: d.amountRule, children: application.clause.amountText },
              { key: 'channel', label: d.channel, children: b.channel[application.channel] },
              { key: 'submitted', label: d.submittedOn, children: <span className="money">{application.submittedOn}</span> },
              { key: 'approved', label: d.approved, children: <Money fen={application.approvedAmount} /> },
              { key: 'disbursed', label: d.disbursed, children: <Money fen={application.disbursedAmount} /> },
              ...(application.budgetSource ? [{ key: 'budget', label: d.budgetSource, children: application.budgetSource }] : []),
              ...(application.state === 'approved' ? [{ key: 'due', label: d.dueOn, children: <span className="money">{application.dueOn}</span> }] : []),
            ]}
          />
          {application.slowCase && (
            <Alert type="error" showIcon title={<Link to={`/cases/${application.slowCase.id}`}>{b.slowCase(application.slowCase.number)}</Link>} data-testid="slow-case" />
          )}
          {application.missing.length > 0 && <Alert type="warning" title={m.common.labelled(d.missing, application.missing.join('、'))} />}
          <div>
            <Typography.Title level={5}>{d.materials}</Typography.Title>
            <List
              size="small"
              dataSource={application.materials}
              locale={{ emptyText: b.noMaterials }}
              renderItem={(material) => (
                <List.Item>
                  <Space>
                    <Typography.Text>{material.name}</Typography.Text>
                    <a href={`/api/attachments/${material.attachment.id}`} target="_blank" rel="noreferrer">
                      {material.attachment.fileName}
                    </a>
                  </Space>
                </List.Item>
              )}
            />
          </div>
          <div>
            <Typography.Title level={5}>{d.history}</Typography.Title>
            <Timeline
              items={application.events.map((event) => {
                const detail = eventDetail(event);
                const payload = event.payload as { amount?: number; voucher?: { id: string; fileName: string } | null };
                return {
                  key: event.seq,
                  content: (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong>
                        {event.label} {payload.amount !== undefined && <Money fen={payload.amount} />}
                      </Typography.Text>
                      {detail && <Typography.Text>{detail}</Typography.Text>}
                      {payload.voucher && (
                        <a href={`/api/attachments/${payload.voucher.id}`} target="_blank" rel="noreferrer">
                          {payload.voucher.fileName}
                        </a>
                      )}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {d.by(event.actorName, dayjs(event.at).format('YYYY-MM-DD HH:mm'))}
                      </Typography.Text>
                    </Space>
                  ),
                };
              })}
            />
          </div>
        </Space>
      )}
      {application && acting && (
        <ApplicationActionModal
          application={application}
          action={acting}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            loaded.reload();
            onChanged?.();
          }}
        />
      )}
    </Drawer>
  );
};
