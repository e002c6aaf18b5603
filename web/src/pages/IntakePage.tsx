import { ExportButton } from '../components/ExportButton.tsx';
import { UploadOutlined } from '@ant-design/icons';
import { App, Alert, Badge, Button, Card, Descriptions, Divider, Drawer, Empty, Form, Input, List, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { CASE_KINDS, type CaseKind } from '../../../src/domain/lines/case-kinds.ts';
import { CaseKindTag } from '../case/CaseKindTag.tsx';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { CaseCommand } from '../../../src/domain/case/commands.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import type { CaseActionResult, CaseView } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { MatrixUnits, UnitSelect } from '../case/ActionModal.tsx';
import { PageContainer } from '../components/PageHeader.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { listPagination, useFixedSides } from '../components/list-table.tsx';
import { DeadlineBadge, Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { IntakeImportModal } from './IntakeImportModal.tsx';
import type { IntakeQueue } from '../../../src/cases/list-intake-queue.ts';
import type { DuplicateCandidate } from '../../../src/cases/find-duplicates.ts';

type QueueItem = IntakeQueue['items'][number];
type Command = CaseCommand extends infer C ? (C extends unknown ? Omit<C, 'expectedVersion'> : never) : never;

/** The facts, the duplicate candidates and the two intake decisions for one complaint (S3). */
const IntakeDrawer = ({ item, onClose, onDone }: { item: QueueItem; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const t = m.intake;
  const { message } = App.useApp();
  const loaded = useApi<CaseView>(`/api/cases/${item.id}`);
  const duplicates = useApi<{ threshold: number; items: DuplicateCandidate[] }>(`/api/cases/${item.id}/duplicates`);
  const [acceptForm] = Form.useForm<{ responsibleUnitId: string; instruction: string }>();
  const [dismissForm] = Form.useForm<{ reason: string }>();
  const unitId = Form.useWatch('responsibleUnitId', acceptForm);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useMemo(idempotencyKey, []);
  const record = loaded.data;

  const perform = async (command: Command, done: string) => {
    if (!record) return;
    setError(null);
    setBusy(true);
    try {
      await api.post<CaseActionResult>(`/api/cases/${record.id}/actions`, { ...command, expectedVersion: record.version }, { 'idempotency-key': key });
      message.success(done);
      onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open width={760} onClose={onClose} title={`${t.handle} · ${item.number}`} data-testid="intake-drawer" destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="intake-error" />}
      {!record ? (
        <Card loading variant="borderless" />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            bordered
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'title', label: m.caseFields.title, span: 'filled', children: record.title },
              {
                key: 'source',
                label: t.columns.source,
                children: record.externalRef === undefined ? m.source[record.source] : `${m.source[record.source]}（${t.importing.externalRef} ${record.externalRef}）`,
              },
              { key: 'amount', label: t.columns.amount, children: <Money fen={record.claimedAmount} exact /> },
              { key: 'enterprise', label: t.columns.enterprise, children: record.enterprise?.name ?? t.noEnterprise },
              { key: 'code', label: m.caseFields.creditCode, children: <span className="money">{record.enterprise?.creditCode ?? '—'}</span> },
              { key: 'debtor', label: t.columns.debtor, children: record.responsibleUnit.name },
              { key: 'deadline', label: m.caseFields.timeLimit, children: <DeadlineBadge deadline={record.deadline} status={record.deadlineStatus} /> },
              { key: 'facts', label: t.facts, span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{record.facts}</span> },
            ]}
          />
          <Link to={`/cases/${record.id}`}>{t.openCase}</Link>

          <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
            {t.candidates}
          </Divider>
          {duplicates.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.threshold(duplicates.data.threshold.toFixed(2))}
            </Typography.Text>
          )}
          <List
            size="small"
            loading={duplicates.loading}
            locale={{ emptyText: t.noCandidates }}
            dataSource={duplicates.data?.items ?? []}
            data-testid="duplicate-candidates"
            renderItem={(candidate) => (
              <List.Item
                key={candidate.id}
                data-duplicate={candidate.number}
                actions={[
                  <Popconfirm key="merge" title={t.mergeConfirm(candidate.number)} okText={t.mergeInto} cancelText={m.common.cancel} onConfirm={() => perform({ action: 'merge', targetCaseId: candidate.id, reason: candidate.reasons.join('、') }, t.merged(candidate.number))}>
                    <Button danger size="small" disabled={busy}>
                      {t.mergeInto}
                    </Button>
                  </Popconfirm>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <Link to={`/cases/${candidate.id}`} className="money">
                        {candidate.number}
                      </Link>
                      <span>{candidate.title}</span>
                      <Tag>{candidate.stateLabel}</Tag>
                      {candidate.likely && <Tag color="red">{t.likely}</Tag>}
                    </Space>
                  }
                  description={
                    <Space wrap size={4}>
                      <Tag color={candidate.likely ? 'volcano' : 'default'}>{t.score(candidate.score.toFixed(2))}</Tag>
                      {candidate.reasons.map((reason) => (
                        <Tag key={reason}>{reason}</Tag>
                      ))}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />

          <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
            {t.acceptTitle}
          </Divider>
          <Form
            form={acceptForm}
            layout="vertical"
            initialValues={{ responsibleUnitId: record.responsibleUnitId, instruction: t.instructionDefault }}
            onFinish={(values) => perform({ action: 'accept', responsibleUnitId: values.responsibleUnitId, instruction: values.instruction }, t.accepted(record.number))}
          >
            <Form.Item name="responsibleUnitId" label={t.assignTo} rules={[{ required: true, message: m.common.choose(t.assignTo) }]}>
              <UnitSelect />
            </Form.Item>
            <MatrixUnits line={record.line} unitId={unitId} />
            <Form.Item name="instruction" label={t.instruction} rules={[{ required: true, message: m.common.required(t.instruction) }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="accept-submit">
              {t.acceptSubmit}
            </Button>
          </Form>

          <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
            {t.dismissTitle}
          </Divider>
          <Form form={dismissForm} layout="vertical" onFinish={(values) => perform({ action: 'dismiss', reason: values.reason }, t.dismissed(record.number))}>
            <Form.Item name="reason" label={t.dismissReason} rules={[{ required: true, message: m.common.required(t.dismissReason) }]}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Button danger htmlType="submit" loading={busy} data-testid="dismiss-submit">
              {t.dismissSubmit}
            </Button>
          </Form>
        </Space>
      )}
    </Drawer>
  );
};

/** 受理台 (S3): 营商办's queue of complaints from outside, oldest first, with their likely duplicates. */
const IntakePage = () => {
  const user = useUser();
  const { m } = useI18n();
  const { wide, left, right } = useFixedSides();
  const t = m.intake;
  const [kind, setKind] = useState<CaseKind | undefined>(undefined);
  const queue = useApi<IntakeQueue>(user.role === 'business_office' ? `/api/intake${kind === undefined ? '' : `?kind=${kind}`}` : null);
  const [open, setOpen] = useState<QueueItem | null>(null);
  const [importing, setImporting] = useState(false);
  if (user.role !== 'business_office') return <Alert type="info" showIcon title={m.common.forbidden} />;
  if (queue.error) return <ErrorResult error={queue.error} onRetry={queue.reload} />;
  const items = queue.data?.items ?? [];

  return (
    <PageContainer
      nav="intake"
      title={t.title}
      tags={<Badge count={items.length} showZero color={items.length ? '#b91c1c' : '#999'} title={t.pendingCount(items.length)} />}
      subtitle={t.intro}
      extra={
        <Space wrap>
          <ExportButton href={`/api/intake/export.xlsx${kind === undefined ? '' : `?kind=${kind}`}`} testId="intake-export" />
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="intake-import-open">
            {t.importing.button}
          </Button>
        </Space>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={m.retaliation.kindFilter}
            style={{ width: 150 }}
            value={kind}
            onChange={(value?: CaseKind) => setKind(value)}
            options={CASE_KINDS.map((item) => ({ value: item, label: m.retaliation.kind[item] }))}
            data-testid="intake-kind-filter"
          />
        </Space>
        <Table<QueueItem>
          rowKey="id"
          size="middle"
          loading={queue.loading}
          dataSource={items}
          pagination={listPagination(m, 'intake', wide)}
          // 编号 and 事项 stay on the left and 处理 on the right at 1366 while the middle scrolls.
          scroll={{ x: 1370 }}
          locale={{ emptyText: <Empty description={t.empty} /> }}
          data-testid="intake-queue"
          onRow={(row) => ({ 'data-number': row.number }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t.columns.number,
              dataIndex: 'number',
              width: 130,
              fixed: left,
              render: (number: string, row) => (
                <Link to={`/cases/${row.id}`} className="money">
                  {number}
                </Link>
              ),
            },
            {
              title: m.caseFields.title,
              dataIndex: 'title',
              ellipsis: true,
              width: 260,
              fixed: left,
              render: (title: string, row) => (
                <>
                  <CaseKindTag kind={row.kind} />
                  {title}
                </>
              ),
            },
            {
              title: t.columns.source,
              dataIndex: 'source',
              width: 150,
              render: (source: QueueItem['source'], row) => (
                <Space orientation="vertical" size={2}>
                  <Tag style={{ whiteSpace: 'normal' }}>{m.source[source]}</Tag>
                  {row.externalRef !== null && (
                    <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }} title={t.importing.externalRef}>
                      {row.externalRef}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t.columns.enterprise, dataIndex: 'enterpriseName', ellipsis: true, width: 180, render: (name: string | null) => name ?? '—' },
            { title: t.columns.debtor, dataIndex: 'responsibleUnitName', ellipsis: true, width: 160 },
            { title: t.columns.amount, dataIndex: 'claimedAmount', align: 'right', width: 110, render: (fen: number | null) => <Money fen={fen} /> },
            {
              title: t.columns.registeredAt,
              dataIndex: 'registeredAt',
              width: 150,
              render: (at: string, row) => (
                <Space orientation="vertical" size={0}>
                  <span className="money">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>
                  <DeadlineBadge deadline={row.deadline} status={row.deadlineStatus} />
                </Space>
              ),
            },
            {
              title: t.columns.duplicates,
              width: 140,
              render: (_: unknown, row) =>
                row.likelyDuplicates > 0 ? (
                  <Tag color="red" data-testid="duplicate-badge">
                    {t.duplicateBadge(row.likelyDuplicates)}
                  </Tag>
                ) : row.duplicateCandidates > 0 ? (
                  <Tag>{t.sameParty(row.duplicateCandidates)}</Tag>
                ) : (
                  <span style={{ color: '#999' }}>—</span>
                ),
            },
            {
              title: t.columns.actions,
              width: 90,
              fixed: right,
              render: (_: unknown, row) => (
                <Button type="primary" size="small" onClick={() => setOpen(row)} data-testid="intake-handle">
                  {t.handle}
                </Button>
              ),
            },
          ]}
        />
        <IntakeImportModal open={importing} onClose={() => setImporting(false)} onImported={queue.reload} />
        {open && (
          <IntakeDrawer
            key={open.id}
            item={open}
            onClose={() => setOpen(null)}
            onDone={() => {
              setOpen(null);
              queue.reload();
            }}
          />
        )}
      </Card>
    </PageContainer>
  );
};

export default IntakePage;
