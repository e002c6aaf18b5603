import { ExportButton } from '../components/ExportButton.tsx';
import { PageContainer, PageHeader } from '../components/PageHeader.tsx';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, InputNumber, Segmented, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '../../../src/domain/case/record.ts';
import type { LadderThresholds } from '../../../src/domain/supervision/ladder.ts';
import type { listPendingExtensions, listSupervisedCases } from '../../../src/supervision/list-supervised-cases.ts';
import { api, query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useAuth } from '../app/auth.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { listPagination, useFixedSides } from '../components/list-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { NotificationList } from '../notifications/NotificationList.tsx';

type SupervisedPage = Awaited<ReturnType<typeof listSupervisedCases>>;
type SupervisedRow = SupervisedPage['items'][number];
type PendingExtension = Awaited<ReturnType<typeof listPendingExtensions>>[number];
interface TimeLimitRow {
  state: string;
  label: string;
  unit: 'working_days' | 'calendar_days';
  days: number;
}

export const LEVEL_COLOR = { reminder: 'blue', urging: 'orange', supervision: 'red', interview: 'volcano', notice: 'magenta' } satisfies Record<SupervisionLevel, string>;
const TABS = ['items', 'notifications', 'extensions', 'settings'] as const;
type TabKey = (typeof TABS)[number];

/** 督办事项: the cases on the ladder, by level, with their 督办单. */
const SupervisedCases = () => {
  const { m } = useI18n();
  const { wide, left, right } = useFixedSides();
  const [level, setLevel] = useState<SupervisionLevel | undefined>();
  const list = useApi<SupervisedPage>(`/api/supervision/cases${query({ level })}`);
  if (list.error) return <ErrorResult error={list.error} />;
  // 编号 and 事项 on the left, the level, the deadline and the 督办单 on the right: in view at 1366 while the middle scrolls.
  const columns: TableColumnsType<SupervisedRow> = [
    { title: m.supervision.items.number, dataIndex: 'number', width: 140, fixed: left, render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link> },
    { title: m.supervision.items.caseTitle, dataIndex: 'title', width: 240, ellipsis: true, fixed: left },
    { title: m.supervision.items.unit, dataIndex: 'responsibleUnitName', width: 180, ellipsis: true },
    {
      title: m.supervision.items.overdue,
      dataIndex: 'overdueWorkingDays',
      width: 120,
      align: 'right',
      render: (value: number) => (value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : '—'),
    },
    { title: m.supervision.items.level, dataIndex: 'level', width: 90, fixed: right, render: (value: SupervisionLevel) => <Tag color={LEVEL_COLOR[value]}>{m.supervisionLevel[value]}</Tag> },
    { title: m.supervision.items.deadline, dataIndex: 'deadline', width: 120, fixed: right, render: (value: string | null) => value ?? '—' },
    {
      title: m.supervision.items.orders,
      dataIndex: 'orders',
      width: 220,
      fixed: right,
      render: (orders: SupervisedRow['orders'], row) => (
        <Space direction="vertical" size={2}>
          {orders.map((order) => (
            <a key={order.seq} href={`/api/cases/${row.id}/supervision-orders/${order.seq}`} download data-testid="order-download">
              <DownloadOutlined /> {order.number}
            </a>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ maxWidth: '100%' }}>
        {/* Six levels are wider than a phone: they scroll by themselves, not the page. */}
        <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
          <Segmented<SupervisionLevel | 'all'>
            value={level ?? 'all'}
            onChange={(value) => setLevel(value === 'all' ? undefined : value)}
            options={[{ value: 'all', label: m.supervision.items.allLevels }, ...[...SUPERVISION_LEVELS].reverse().map((value) => ({ value, label: m.supervisionLevel[value] }))]}
          />
        </div>
        <ExportButton href={`/api/supervision/cases/export.xlsx${query({ level })}`} testId="supervised-export" />
      </Space>
      {list.data?.truncated && <Alert type="info" showIcon message={m.supervision.items.truncated(list.data.items.length)} />}
      <Table<SupervisedRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items}
        pagination={listPagination(m, 'supervised-cases', wide)}
        scroll={{ x: 1110 }}
        locale={{ emptyText: m.supervision.items.empty }}
        data-testid="supervised-cases"
      />
    </Space>
  );
};

/** 延期申请: requests awaiting 营商办, each decided on its case page. */
const PendingExtensions = () => {
  const { m } = useI18n();
  const { wide, left, right } = useFixedSides();
  const list = useApi<{ items: PendingExtension[] }>('/api/supervision/extension-requests');
  if (list.error) return <ErrorResult error={list.error} />;
  return (
    <Table<PendingExtension>
      rowKey="id"
      size="middle"
      loading={list.loading}
      dataSource={list.data?.items}
      locale={{ emptyText: m.supervision.extensions.empty }}
      pagination={listPagination(m, 'extension-requests', wide)}
      scroll={{ x: 1160 }}
      columns={[
        { title: m.supervision.items.number, dataIndex: 'number', width: 140, fixed: left, render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link> },
        { title: m.supervision.items.caseTitle, dataIndex: 'title', width: 240, ellipsis: true, fixed: left },
        { title: m.supervision.items.unit, dataIndex: 'responsibleUnitName', width: 180, ellipsis: true },
        { title: m.supervision.extensions.current, dataIndex: 'deadline', width: 120 },
        {
          title: m.supervision.extensions.requested,
          dataIndex: 'newDeadline',
          width: 160,
          render: (day: string, row) => (
            <Space size={4} wrap>
              <span>{day}</span>
              {row.clock === 'complaint_result' && <Tag color="purple">{m.supervision.extensions.resultClock}</Tag>}
            </Space>
          ),
        },
        { title: m.supervision.extensions.reason, dataIndex: 'reason', width: 220, ellipsis: true },
        { title: m.listView.operation, key: 'go', width: 100, fixed: right, render: (_value, row) => <Link to={`/cases/${row.id}`}>{m.supervision.extensions.approve}</Link> },
      ]}
    />
  );
};

/** The ladder's thresholds: 营商办 edits, everyone else reads. */
const ThresholdsForm = ({ editable }: { editable: boolean }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LadderThresholds>();
  const current = useApi<LadderThresholds>('/api/supervision/thresholds');
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);
  const save = async (values: LadderThresholds) => {
    setSaving(true);
    try {
      form.setFieldsValue(await api.put<LadderThresholds>('/api/supervision/thresholds', values));
      message.success(m.supervision.settings.saved);
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const field = (name: keyof LadderThresholds, min: number, max: number) => (
    <Form.Item name={name} label={m.supervision.settings[name]} rules={[{ required: true }]}>
      <InputNumber min={min} max={max} precision={0} disabled={!editable} style={{ width: 120 }} />
    </Form.Item>
  );
  return (
    <Card title={m.supervision.settings.thresholds} size="small" data-testid="thresholds">
      <Typography.Paragraph type="secondary">{m.supervision.settings.thresholdsHint}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={save}>
        {field('reminderDaysAhead', 0, 30)}
        {field('supervisionAfterDays', 1, 60)}
        {field('interviewAfterDays', 2, 90)}
        {field('noticeAfterDays', 3, 120)}
        {editable && (
          <Button type="primary" htmlType="submit" loading={saving}>
            {m.supervision.settings.save}
          </Button>
        )}
      </Form>
    </Card>
  );
};

/** S1's time limits per state (the API is `/api/time-limits`). */
const TimeLimitsTable = ({ editable }: { editable: boolean }) => {
  const { m } = useI18n();
  const { message } = App.useApp();
  const limits = useApi<{ items: TimeLimitRow[] }>('/api/time-limits');
  const [edits, setEdits] = useState<Record<string, Pick<TimeLimitRow, 'unit' | 'days'>>>({});
  if (limits.error) return <ErrorResult error={limits.error} />;
  const value = (row: TimeLimitRow) => edits[row.state] ?? { unit: row.unit, days: row.days };
  const save = async (row: TimeLimitRow) => {
    try {
      await api.put(`/api/time-limits/${row.state}`, value(row));
      message.success(m.supervision.settings.saved);
      setEdits(({ [row.state]: _saved, ...rest }) => rest);
      limits.reload();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Card title={m.supervision.settings.timeLimits} size="small">
      <Typography.Paragraph type="secondary">{m.supervision.settings.timeLimitsHint}</Typography.Paragraph>
      <Table<TimeLimitRow>
        rowKey="state"
        size="small"
        pagination={false}
        loading={limits.loading}
        dataSource={limits.data?.items}
        columns={[
          { title: m.supervision.settings.state, dataIndex: 'state', render: (state: string, row) => m.state[state as keyof typeof m.state] ?? row.label },
          {
            title: m.supervision.settings.unit,
            key: 'unit',
            width: 160,
            render: (_value, row) => (
              <Select
                disabled={!editable}
                value={value(row).unit}
                style={{ width: 120 }}
                onChange={(unit) => setEdits((previous) => ({ ...previous, [row.state]: { ...value(row), unit } }))}
                options={[
                  { value: 'working_days', label: m.supervision.settings.workingDays },
                  { value: 'calendar_days', label: m.supervision.settings.calendarDays },
                ]}
              />
            ),
          },
          {
            title: m.supervision.settings.days,
            key: 'days',
            width: 140,
            render: (_value, row) => (
              <InputNumber
                disabled={!editable}
                min={1}
                max={366}
                precision={0}
                value={value(row).days}
                onChange={(days) => days !== null && setEdits((previous) => ({ ...previous, [row.state]: { ...value(row), days } }))}
              />
            ),
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'save',
                  width: 100,
                  render: (_value: unknown, row: TimeLimitRow) => (
                    <Button size="small" disabled={edits[row.state] === undefined} onClick={() => void save(row)}>
                      {m.supervision.settings.save}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
};

/** 督办中心: supervised cases and their 督办单, my notifications, extension requests, settings (S1, S2). */
const SupervisionPage = () => {
  const { m } = useI18n();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const office = user?.role === 'business_office';
  const available: TabKey[] = TABS.filter((key) => key !== 'extensions' || office);
  const requested = params.get('tab') as TabKey | null;
  const active: TabKey = requested !== null && available.includes(requested) ? requested : 'items';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="supervision" title={m.supervision.title} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={available.map((key) => ({
          key,
          label: m.supervision.tabs[key],
          children:
            key === 'items' ? (
              <SupervisedCases />
            ) : key === 'notifications' ? (
              <NotificationList />
            ) : key === 'extensions' ? (
              <PendingExtensions />
            ) : (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                {!office && <Alert type="info" showIcon message={m.supervision.settings.readOnly} />}
                <ThresholdsForm editable={office} />
                <TimeLimitsTable editable={office} />
              </Space>
            ),
        }))}
      />
    </Space>
  );
};

export default SupervisionPage;
