import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { DispatchRoundView } from '../../../src/dispatch/get-dispatch-round.ts';
import type { DispatchRoundSummary } from '../../../src/dispatch/list-dispatch-rounds.ts';
import { openRoundSchema } from '../../../src/dispatch/round-schemas.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { StateTag } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type UnitRow = DispatchRoundView['units'][number];
type ItemRow = DispatchRoundView['items'][number];

const STATUS_COLOR = { submitted: 'success', submitted_late: 'warning', pending: 'default', overdue: 'error' } as const;
const time = (iso: string | null) => (iso === null ? '' : dayjs(iso).format('YYYY-MM-DD HH:mm'));

/** 营商办's form to open a round: this week by default, reports due on Friday. */
const OpenRoundModal = ({ open, onClose, onOpened }: { open: boolean; onClose: () => void; onOpened: (id: string) => void }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; period: [Dayjs, Dayjs]; dueOn: Dayjs }>();
  const [saving, setSaving] = useState(false);
  // Monday of this week whatever the locale's first day of the week (dayjs' day(): 0 is Sunday).
  const today = dayjs().startOf('day');
  const monday = today.subtract((today.day() + 6) % 7, 'day');
  const submit = async () => {
    const values = await form.validateFields();
    const body = {
      title: values.title,
      periodStart: values.period[0].format('YYYY-MM-DD'),
      periodEnd: values.period[1].format('YYYY-MM-DD'),
      dueOn: values.dueOn.format('YYYY-MM-DD'),
    };
    const parsed = openRoundSchema.safeParse(body);
    if (!parsed.success) {
      message.error(parsed.error.issues[0]?.message ?? '');
      return;
    }
    setSaving(true);
    try {
      const opened = await api.post<{ id: string; cases: number }>('/api/dispatch/rounds', parsed.data, { 'idempotency-key': idempotencyKey() });
      message.success(m.dispatch.opened(opened.cases));
      form.resetFields();
      onOpened(opened.id);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={m.dispatch.openRound} onCancel={onClose} onOk={submit} confirmLoading={saving} okText={m.dispatch.openRound} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ period: [monday, monday.add(6, 'day')], dueOn: monday.add(4, 'day') }}>
        <Form.Item name="title" label={m.dispatch.roundTitle} rules={[{ required: true, message: m.dispatch.roundTitlePlaceholder }]}>
          <Input placeholder={m.dispatch.roundTitlePlaceholder} maxLength={100} />
        </Form.Item>
        <Form.Item name="period" label={m.dispatch.period} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="dueOn" label={m.dispatch.dueOn} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
};

const RoundList = ({ onSelect }: { onSelect: (id: string) => void }) => {
  const { m } = useI18n();
  const user = useUser();
  const rounds = useApi<DispatchRoundSummary[]>('/api/dispatch/rounds');
  const [opening, setOpening] = useState(false);
  if (rounds.error) return <ErrorResult error={rounds.error} onRetry={rounds.reload} />;
  return (
    <Card
      title={m.dispatch.rounds}
      extra={
        user.role === 'business_office' && (
          <Button type="primary" onClick={() => setOpening(true)}>
            {m.dispatch.openRound}
          </Button>
        )
      }
    >
      <Table<DispatchRoundSummary>
        rowKey="id"
        loading={rounds.loading}
        dataSource={rounds.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={m.dispatch.noRounds} /> }}
        onRow={(row) => ({ onClick: () => onSelect(row.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: m.dispatch.roundTitle, dataIndex: 'title', render: (title: string) => <a>{title}</a> },
          { title: m.dispatch.period, render: (_, row) => `${row.periodStart} ~ ${row.periodEnd}` },
          {
            title: m.dispatch.dueOn,
            render: (_, row) => (
              <Space>
                {row.dueOn}
                {row.overdue && <Tag color="error">{m.dispatch.overdue}</Tag>}
              </Space>
            ),
          },
          { title: m.dispatch.openedBy, dataIndex: 'openedByName' },
          {
            title: m.dispatch.unitsReported,
            render: (_, row) => <Progress percent={row.units === 0 ? 100 : Math.round((row.submittedUnits / row.units) * 100)} format={() => `${row.submittedUnits}/${row.units}`} size="small" />,
          },
          { title: '', dataIndex: 'status', render: (status: DispatchRoundSummary['status']) => <Tag color={status === 'open' ? 'processing' : 'default'}>{m.dispatch.status[status]}</Tag> },
        ]}
      />
      <OpenRoundModal
        open={opening}
        onClose={() => setOpening(false)}
        onOpened={(id) => {
          setOpening(false);
          onSelect(id);
        }}
      />
    </Card>
  );
};

/** The case lines of one unit, each with its progress box, and the unit report. */
const UnitCases = ({ round, unit, items, reload }: { round: DispatchRoundView['round']; unit: UnitRow; items: ItemRow[]; reload: () => void }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const post = async (key: string, path: string, body: object, done: string) => {
    setBusy(key);
    try {
      await api.post(path, body, { 'idempotency-key': idempotencyKey() });
      message.success(done);
      reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={m.dispatch.casesOf(unit.unitName)} size="small" data-unit={unit.unitId}>
      <Table<ItemRow>
        rowKey="caseId"
        dataSource={items}
        pagination={false}
        size="small"
        locale={{ emptyText: m.dispatch.noItems }}
        columns={[
          { title: m.dispatch.caseNumber, dataIndex: 'number', width: 140, render: (number: string, row) => <a href={`/cases/${row.caseId}`}>{number}</a> },
          { title: m.dispatch.caseTitle, dataIndex: 'title' },
          { title: m.dispatch.caseState, dataIndex: 'state', width: 110, render: (state: ItemRow['state']) => <StateTag state={state} /> },
          { title: m.dispatch.deadline, dataIndex: 'deadline', width: 110, render: (deadline: string | null) => deadline ?? '—' },
          {
            title: m.dispatch.progress,
            width: '40%',
            render: (_, row) => {
              if (!row.caseOpen && row.progress === null) return <Typography.Text type="secondary">{m.dispatch.noNeed}</Typography.Text>;
              if (!unit.canReport) return row.progress ?? <Typography.Text type="secondary">—</Typography.Text>;
              return (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    aria-label={`${m.dispatch.progress} ${row.number}`}
                    rows={2}
                    maxLength={2000}
                    placeholder={m.dispatch.progressPlaceholder}
                    value={drafts[row.caseId] ?? row.progress ?? ''}
                    onChange={(event) => setDrafts((previous) => ({ ...previous, [row.caseId]: event.target.value }))}
                  />
                  <Space>
                    <Button
                      size="small"
                      loading={busy === row.caseId}
                      disabled={(drafts[row.caseId] ?? '').trim() === ''}
                      onClick={() => post(row.caseId, `/api/dispatch/rounds/${round.id}/progress`, { caseId: row.caseId, progress: drafts[row.caseId] }, m.dispatch.progressSaved)}
                    >
                      {m.dispatch.saveProgress}
                    </Button>
                    {row.reportedByName && <Typography.Text type="secondary">{m.dispatch.reportedBy(row.reportedByName, time(row.reportedAt))}</Typography.Text>}
                  </Space>
                </Space>
              );
            },
          },
        ]}
      />
      {unit.submittedAt !== null ? (
        <Alert style={{ marginTop: 12 }} type="success" showIcon message={m.dispatch.unitReportDone(unit.submittedByName ?? '', time(unit.submittedAt))} description={unit.summary} />
      ) : (
        unit.canReport && (
          <Space.Compact style={{ width: '100%', marginTop: 12 }}>
            <Input.TextArea aria-label={m.dispatch.summary} rows={2} maxLength={5000} placeholder={m.dispatch.summaryPlaceholder} value={summary} onChange={(event) => setSummary(event.target.value)} />
            <Button
              type="primary"
              style={{ height: 'auto' }}
              loading={busy === 'summary'}
              disabled={summary.trim() === ''}
              onClick={() => post('summary', `/api/dispatch/rounds/${round.id}/reports`, { unitId: unit.unitId, summary }, m.dispatch.submitted)}
            >
              {m.dispatch.submitUnitReport}
            </Button>
          </Space.Compact>
        )
      )}
    </Card>
  );
};

const RoundPage = ({ roundId, onBack }: { roundId: string; onBack: () => void }) => {
  const { m } = useI18n();
  const user = useUser();
  const { message } = App.useApp();
  const [selectedUnit, setSelectedUnit] = useState<string | null>(null);
  const view = useApi<DispatchRoundView>(`/api/dispatch/rounds/${roundId}${selectedUnit ? `?unitId=${encodeURIComponent(selectedUnit)}` : ''}`);
  if (view.error) return <ErrorResult error={view.error} onRetry={view.reload} />;
  const data = view.data;
  const round = data?.round;
  const close = () =>
    Modal.confirm({
      title: m.dispatch.closeRound,
      content: m.dispatch.closeConfirm,
      onOk: async () => {
        try {
          await api.post(`/api/dispatch/rounds/${roundId}/close`, {});
          message.success(m.dispatch.closed);
          view.reload();
        } catch (error) {
          message.error((error as Error).message);
        }
      },
    });
  const itemUnits = data ? data.units.filter((unit) => data.items.some((item) => item.unitId === unit.unitId)) : [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={onBack}>{m.dispatch.back}</Button>
        {round && (
          <>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {round.title}
            </Typography.Title>
            <Tag color={round.status === 'open' ? 'processing' : 'default'}>{m.dispatch.status[round.status]}</Tag>
            <span>
              {m.dispatch.period} {round.periodStart} ~ {round.periodEnd}
            </span>
            <span>
              {m.dispatch.dueOn} {round.dueOn}
            </span>
            {round.overdue && <Tag color="error">{m.dispatch.overdue}</Tag>}
            {user.role === 'business_office' && round.status === 'open' && (
              <Button danger onClick={close}>
                {m.dispatch.closeRound}
              </Button>
            )}
          </>
        )}
      </Space>
      <Card title={m.dispatch.whoNotReported} size="small">
        <Table<UnitRow>
          rowKey="unitId"
          loading={view.loading}
          dataSource={data?.units ?? []}
          pagination={false}
          size="small"
          locale={{ emptyText: m.dispatch.noUnits }}
          columns={[
            { title: m.dispatch.unit, dataIndex: 'unitName' },
            { title: m.dispatch.jurisdiction, dataIndex: 'jurisdictionName', width: 140 },
            {
              title: m.dispatch.reportingProgress,
              width: 260,
              render: (_, row) => (
                <Space>
                  <Progress
                    style={{ width: 140 }}
                    size="small"
                    percent={Math.round(((row.reported + row.closedSince) / row.total) * 100)}
                    format={() => `${row.reported}/${row.total}`}
                  />
                  <span data-reported={row.unitId}>{m.dispatch.reported(row.reported, row.total)}</span>
                  {row.closedSince > 0 && <Typography.Text type="secondary">{m.dispatch.closedSince(row.closedSince)}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: m.dispatch.caseState,
              width: 110,
              render: (_, row) => (
                <Tag color={STATUS_COLOR[row.status]} data-status={row.status}>
                  {m.dispatch.unitStatus[row.status]}
                </Tag>
              ),
            },
            { title: m.dispatch.submittedAt, width: 150, render: (_, row) => time(row.submittedAt) },
            { title: m.dispatch.summary, dataIndex: 'summary', ellipsis: true },
            { title: '', width: 90, render: (_, row) => <a onClick={() => setSelectedUnit(row.unitId)}>{m.dispatch.viewCases}</a> },
          ]}
        />
      </Card>
      {data && round && itemUnits.map((unit) => <UnitCases key={unit.unitId} round={round} unit={unit} items={data.items.filter((item) => item.unitId === unit.unitId)} reload={view.reload} />)}
    </Space>
  );
};

/** 调度 (G1, G4): the rounds, a round's reporting status, and a unit's reports. */
const DispatchPage = () => {
  const { m } = useI18n();
  const [params, setParams] = useSearchParams();
  const roundId = params.get('round');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="dispatch" title={m.dispatch.title} />
      {roundId === null ? (
        <RoundList onSelect={(id) => setParams({ round: id })} />
      ) : (
        <RoundPage key={roundId} roundId={roundId} onBack={() => setParams({})} />
      )}
    </Space>
  );
};

export default DispatchPage;
