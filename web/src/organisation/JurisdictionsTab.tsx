import { Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { JurisdictionView } from '../../../src/reference/edit-jurisdictions.ts';
import { useApi, useUnits } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { JurisdictionFormModal } from './JurisdictionFormModal.tsx';
import { RowLink, TabToolbar } from './TabToolbar.tsx';

const LEVEL_COLOR = { city: 'blue', county: 'green', zone: 'purple' } as const;

/** 行政区划: the city first, then its 县市区 and 管委会 in the order they were set up; each with its government. */
export const JurisdictionsTab = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.jurisdictions;
  const jurisdictions = useApi<{ items: JurisdictionView[] }>('/api/jurisdictions');
  const governments = useUnits('&kind=government');
  const [editing, setEditing] = useState<JurisdictionView | 'new' | null>(null);
  const governmentName = useMemo(() => new Map((governments.data?.items ?? []).map((unit) => [unit.id, unit.name])), [governments.data]);
  const rows = useMemo(() => {
    const items = jurisdictions.data?.items ?? [];
    return [...items.filter((item) => item.parentId === null), ...items.filter((item) => item.parentId !== null)];
  }, [jurisdictions.data]);

  const columns: TableColumnsType<JurisdictionView> = [
    {
      title: f.name,
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space size={4} wrap>
          <span>{name}</span>
          <Tag color={LEVEL_COLOR[row.level]}>{row.parentId === null ? f.city : o.level[row.level]}</Tag>
        </Space>
      ),
    },
    { title: f.divisionCode, dataIndex: 'divisionCode', width: 110, render: (code: string | null) => <span className="money">{code ?? '—'}</span> },
    {
      title: f.government,
      dataIndex: 'governmentUnitId',
      responsive: ['md'],
      render: (id: string | null) => (id === null ? '—' : (governmentName.get(id) ?? <Typography.Text type="secondary">{id}</Typography.Text>)),
    },
    {
      title: o.operations,
      key: 'operations',
      width: 72,
      render: (_, row) => (
        <RowLink onClick={() => setEditing(row)} testId="jurisdiction-edit">
          {o.edit}
        </RowLink>
      ),
    },
  ];

  return (
    <>
      <TabToolbar hint={f.hint} onAdd={() => setEditing('new')} addTestId="jurisdiction-add" />
      {jurisdictions.error ? (
        <ErrorResult error={jurisdictions.error} onRetry={jurisdictions.reload} />
      ) : (
        <Table<JurisdictionView>
          rowKey="id"
          size="middle"
          loading={jurisdictions.loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: f.empty }}
          data-testid="jurisdictions-table"
        />
      )}
      {editing !== null && (
        <JurisdictionFormModal
          {...(editing === 'new' ? {} : { jurisdiction: editing })}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            jurisdictions.reload();
            governments.reload();
          }}
        />
      )}
    </>
  );
};
