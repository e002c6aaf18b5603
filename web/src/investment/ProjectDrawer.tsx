import { Alert, App, Button, Card, Collapse, Descriptions, Drawer, Empty, Grid, Space, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatMu } from '../../../src/domain/investment/area.ts';
import { formatWanYuan, formatYuan } from '../../../src/domain/money.ts';
import type { PromiseDetail } from '../../../src/investment/promise-views.ts';
import type { ProjectView } from '../../../src/investment/read-register.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { FulfilmentModal } from './FulfilmentModal.tsx';
import { Delivery, LegalityTag, PromiseStatusTag } from './labels.tsx';
import { ProjectFormModal } from './ProjectFormModal.tsx';
import { PromiseFormModal } from './PromiseFormModal.tsx';
import { ReviewModal } from './ReviewModal.tsx';

type Dialog = { kind: 'project' } | { kind: 'promise'; promise?: PromiseDetail } | { kind: 'fulfil'; promise: PromiseDetail } | { kind: 'review'; promise: PromiseDetail } | null;

/** One promise: its terms, where it stands, the legality review in force, the steps the reader may take, and its history. */
const PromiseCard = ({ promise, focused, onAct }: { promise: PromiseDetail; focused: boolean; onAct: (dialog: Dialog) => void }) => {
  const { m } = useI18n();
  const r = m.investmentRegister;
  const p = r.promise;
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  // S3, S6: an unkept promise becomes a case of the investment line, by whoever keeps the register.
  const mayRaise = promise.case === null && promise.mayEdit && promise.status !== 'kept';
  const raise = () => {
    const key = idempotencyKey();
    modal.confirm({
      title: p.raise,
      content: p.raiseConfirm,
      onOk: async () => {
        try {
          const created = await api.post<{ id: string; number: string }>(`/api/investment/promises/${promise.id}/case`, {}, { 'idempotency-key': key });
          message.success(p.raised(created.number));
          navigate(`/cases/${created.id}`);
        } catch (error) {
          message.error(error instanceof ApiError ? error.message : String(error));
        }
      },
    });
  };
  const history = [
    {
      key: 'fulfilments',
      label: p.fulfilments(promise.fulfilments.length),
      children:
        promise.fulfilments.length === 0 ? (
          <Typography.Text type="secondary">{p.noFulfilments}</Typography.Text>
        ) : (
          <Timeline
            items={promise.fulfilments.map((record) => ({
              key: record.seq,
              color: record.completes ? 'green' : 'blue',
              content: (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>
                    {p.fulfilmentLine(record.deliveredOn, [record.amount === null ? null : formatYuan(record.amount), record.area === null ? null : formatMu(record.area)].filter(Boolean).join(' + ') || record.description)}
                  </Typography.Text>
                  {(record.amount !== null || record.area !== null) && <Typography.Text>{record.description}</Typography.Text>}
                  {record.voucher && <Typography.Text type="secondary">{m.common.labelled(p.voucher, record.voucher)}</Typography.Text>}
                  {record.completes && <Tag color="green">{p.completes}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.recordedBy(record.recordedByName, dayjs(record.recordedAt).format('YYYY-MM-DD HH:mm'))}
                  </Typography.Text>
                </Space>
              ),
            }))}
          />
        ),
    },
    ...(promise.reviews.length > 0
      ? [
          {
            key: 'reviews',
            label: p.reviews(promise.reviews.length),
            children: (
              <Timeline
                items={[...promise.reviews].reverse().map((review) => ({
                  key: review.seq,
                  color: review.legality === 'flawed' ? 'red' : 'green',
                  content: (
                    <Space orientation="vertical" size={0}>
                      <Typography.Text strong>{review.label}</Typography.Text>
                      {review.reason && <Typography.Text>{review.reason}</Typography.Text>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {p.reviewedBy(review.reviewerName, review.reviewerUnitName, review.reviewedOn)}
                      </Typography.Text>
                    </Space>
                  ),
                }))}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      data-testid="promise-card"
      data-promise={promise.id}
      style={focused ? { borderColor: '#b91c1c', boxShadow: '0 0 0 1px #b91c1c' } : undefined}
      title={
        <Space wrap size={6} style={{ whiteSpace: 'normal', padding: '6px 0' }}>
          <Typography.Text strong>{promise.clause}</Typography.Text>
          <Tag color="purple" style={{ marginInlineEnd: 0 }}>
            {promise.typeLabel}
          </Tag>
          <PromiseStatusTag status={promise.status} daysOverdue={promise.daysOverdue} />
          {promise.legality !== null || promise.mayReview ? <LegalityTag legality={promise.legality} /> : null}
        </Space>
      }
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text>{promise.content}</Typography.Text>
        <Delivery promise={promise} />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'due', label: p.dueOn, children: <span className="money">{promise.dueOn}</span> },
            { key: 'unit', label: p.responsibleUnit, children: promise.responsibleUnit.name },
            ...(promise.keptOn ? [{ key: 'kept', label: r.status.kept, children: <span className="money">{promise.keptOn}</span> }] : []),
            ...(promise.conditions ? [{ key: 'conditions', label: p.conditions, children: promise.conditions, span: 2 }] : []),
            ...(promise.case ? [{ key: 'case', label: p.case, children: <Link to={`/cases/${promise.case.id}`}>{promise.case.number}</Link> }] : []),
          ]}
        />
        {promise.legality?.legality === 'flawed' && promise.legality.reason && <Alert type="warning" showIcon title={m.common.labelled(r.legality.flawed, promise.legality.reason)} />}
        {(promise.mayFulfil || promise.mayReview || promise.mayEdit) && (
          <Space wrap>
            {mayRaise && (
              <Button danger size="small" onClick={raise} data-testid="promise-raise">
                {p.raise}
              </Button>
            )}
            {promise.mayFulfil && (
              <Button type="primary" size="small" onClick={() => onAct({ kind: 'fulfil', promise })} data-testid="promise-fulfil">
                {p.fulfil}
              </Button>
            )}
            {promise.mayReview && (
              <Button size="small" onClick={() => onAct({ kind: 'review', promise })} data-testid="promise-review">
                {p.review}
              </Button>
            )}
            {promise.mayEdit && (
              <Button size="small" onClick={() => onAct({ kind: 'promise', promise })}>
                {p.edit}
              </Button>
            )}
          </Space>
        )}
        <Collapse size="small" ghost items={history} />
      </Space>
    </Card>
  );
};

/**
 * A project of the register (S6): the agreement and its parties, the investment, the milestones,
 * the clauses, and its promises, each with where it stands and what the reader may do — record
 * a delivery, review the legality, edit — and the history of both.
 */
export const ProjectDrawer = ({ id, focusPromiseId, onClose, onChanged }: { id: string; focusPromiseId?: string; onClose: () => void; onChanged: () => void }) => {
  const { m } = useI18n();
  const r = m.investmentRegister;
  const d = r.project;
  const wide = Grid.useBreakpoint().md ?? true;
  const loaded = useApi<ProjectView>(`/api/investment/projects/${id}`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const project = loaded.data;
  const done = () => {
    setDialog(null);
    loaded.reload();
    onChanged();
  };
  // The promise followed from the tracking list comes into view once loaded.
  useEffect(() => {
    if (!project || !focusPromiseId) return;
    document.querySelector(`[data-promise="${focusPromiseId}"]`)?.scrollIntoView({ block: 'center' });
  }, [project, focusPromiseId]);
  return (
    <Drawer open size={wide ? 760 : '100%'} title={project ? project.name : r.projects.title} onClose={onClose} data-testid="project-drawer">
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {!project && !loaded.error && <Spin />}
      {project && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <PromiseStatusTag status={project.status} />
            {project.mayEdit && <Button onClick={() => setDialog({ kind: 'project' })}>{d.edit}</Button>}
            {project.mayAddPromise && (
              <Button type="primary" onClick={() => setDialog({ kind: 'promise' })} data-testid="promise-add">
                {d.addPromise}
              </Button>
            )}
          </Space>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            bordered
            items={[
              { key: 'enterprise', label: d.enterprise, children: project.enterprise.name },
              { key: 'code', label: d.creditCode, children: <span className="money">{project.enterprise.creditCode}</span> },
              { key: 'agreement', label: d.agreement, children: project.agreementName },
              { key: 'no', label: d.agreementNo, children: <span className="money">{project.agreementNo}</span> },
              { key: 'signing', label: d.signingUnit, children: project.signingUnit.name },
              { key: 'jurisdiction', label: d.jurisdiction, children: project.jurisdiction.name },
              { key: 'signed', label: d.signedOn, children: <span className="money">{project.signedOn}</span> },
              { key: 'investment', label: d.investment, children: <Money fen={project.investmentAmount} /> },
              { key: 'promised', label: d.promised, children: <span className="money">{formatWanYuan(project.promisedAmount)}</span> },
              { key: 'delivered', label: d.delivered, children: <span className="money">{formatWanYuan(project.deliveredAmount)}</span> },
            ]}
          />
          <div>
            <Typography.Title level={5}>{d.milestones}</Typography.Title>
            {project.milestones.length === 0 ? (
              <Typography.Text type="secondary">{d.noMilestones}</Typography.Text>
            ) : (
              <Steps
                size="small"
                orientation={wide ? 'horizontal' : 'vertical'}
                current={project.milestones.filter((milestone) => milestone.doneOn).length}
                items={project.milestones.map((milestone) => ({
                  title: milestone.name,
                  content: milestone.doneOn ? d.milestoneDone(milestone.doneOn) : d.milestonePlanned(milestone.plannedOn),
                  status: milestone.doneOn ? 'finish' : 'wait',
                }))}
              />
            )}
          </div>
          {project.clauses && (
            <div>
              <Typography.Title level={5}>{d.clauses}</Typography.Title>
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {project.clauses}
              </Typography.Paragraph>
            </div>
          )}
          <div>
            <Typography.Title level={5}>{d.promises}</Typography.Title>
            {project.promises.length === 0 ? (
              <Empty description={d.noPromises} />
            ) : (
              <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="project-promises">
                {project.promises.map((promise) => (
                  <PromiseCard key={promise.id} promise={promise} focused={promise.id === focusPromiseId} onAct={setDialog} />
                ))}
              </Space>
            )}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.recordedBy(project.createdByName, dayjs(project.createdAt).format('YYYY-MM-DD HH:mm'))}
          </Typography.Text>
        </Space>
      )}
      {project && dialog?.kind === 'project' && <ProjectFormModal project={project} onClose={() => setDialog(null)} onDone={done} />}
      {project && dialog?.kind === 'promise' && <PromiseFormModal projectId={project.id} promise={dialog.promise} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'fulfil' && <FulfilmentModal promise={dialog.promise} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'review' && <ReviewModal promise={dialog.promise} onClose={() => setDialog(null)} onDone={done} />}
    </Drawer>
  );
};
