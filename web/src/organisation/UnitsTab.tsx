import { Grid, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { PublicUnitKind } from '../../../src/domain/setup/organisation.ts';
import type { JurisdictionView } from '../../../src/reference/edit-jurisdictions.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import type { UnitItem } from '../api/types.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RowLink, TabToolbar } from './TabToolbar.tsx';
import { UnitFormModal } from './UnitFormModal.tsx';

/** What one request lists; past it the clerk narrows the filters (the API's own limit). */
const LIMIT = 500;

/** 单位: the city's own units (no enterprises), filtered by jurisdiction, kind and name in the address. */
export const UnitsTab = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.units;
  const [params, update] = useQueryParams();
  const filters = { jurisdiction: params.get('jurisdiction') ?? undefined, kind: params.get('kind') ?? undefined, q: params.get('q') ?? undefined };
  const units = useApi<{ items: UnitItem[] }>(`/api/units${query({ publicOnly: 'true', limit: LIMIT, ...filters })}`);
  const jurisdictions = useApi<{ items: JurisdictionView[] }>('/api/jurisdictions');
  const [editing, setEditing] = useState<UnitItem | 'new' | null>(null);
  const jurisdictionName = useMemo(() => new Map((jurisdictions.data?.items ?? []).map((jurisdiction) => [jurisdiction.id, jurisdiction.name])), [jurisdictions.data]);
  const wide = Grid.useBreakpoint().md ?? true;

  const kindOf = (row: UnitItem) => o.kind[row.kind as PublicUnitKind] ?? row.kind;
  const placeOf = (row: UnitItem) => jurisdictionName.get(row.jurisdictionId) ?? row.jurisdictionId;
  const columns: TableColumnsType<UnitItem> = [
    wide
      ? { title: f.name, dataIndex: 'name' }
      : {
          title: f.name,
          dataIndex: 'name',
          // A phone has room for the name, with its kind and jurisdiction under it.
          render: (name: string, row) => (
            <>
              <div>{name}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kindOf(row)} · {placeOf(row)}
              </Typography.Text>
            </>
          ),
        },
    ...(wide
      ? [
          { title: f.kind, key: 'kind', width: 150, render: (_: unknown, row: UnitItem) => kindOf(row) },
          { title: f.jurisdiction, key: 'jurisdiction', width: 220, render: (_: unknown, row: UnitItem) => placeOf(row) },
        ]
      : []),
    { title: f.creditCode, dataIndex: 'creditCode', width: 200, responsive: ['lg'], render: (code: string | null) => <span className="money">{code ?? '—'}</span> },
    {
      title: o.operations,
      key: 'operations',
      width: 72,
      render: (_, row) => (
        <RowLink onClick={() => setEditing(row)} testId="unit-edit">
          {o.edit}
        </RowLink>
      ),
    },
  ];

  return (
    <>
      <TabToolbar hint={f.hint} onAdd={() => setEditing('new')} addTestId="unit-add">
        <Select
          style={{ width: 220, maxWidth: '80vw' }}
          value={filters.jurisdiction ?? ''}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(value: string) => update({ jurisdiction: value })}
          aria-label={f.byJurisdiction}
          options={[{ value: '', label: f.allJurisdictions }, ...(jurisdictions.data?.items ?? []).map((jurisdiction) => ({ value: jurisdiction.id, label: jurisdiction.name }))]}
          data-testid="units-jurisdiction-filter"
        />
        <Select
          style={{ width: 160 }}
          value={filters.kind ?? ''}
          onChange={(value: string) => update({ kind: value })}
          aria-label={f.byKind}
          options={[{ value: '', label: f.allKinds }, ...Object.entries(o.kind).map(([kind, label]) => ({ value: kind, label }))]}
        />
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={f.search}
          style={{ width: 220, maxWidth: '80vw' }}
          onSearch={(value) => update({ q: value.trim() })}
          data-testid="units-search"
        />
      </TabToolbar>
      {units.error ? (
        <ErrorResult error={units.error} onRetry={units.reload} />
      ) : (
        <Table<UnitItem>
          rowKey="id"
          size="middle"
          loading={units.loading}
          columns={columns}
          dataSource={units.data?.items ?? []}
          locale={{ emptyText: f.empty }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => (total >= LIMIT ? f.truncated(LIMIT) : f.total(total)) }}
          data-testid="units-table"
        />
      )}
      {editing !== null && (
        <UnitFormModal
          {...(editing === 'new' ? (filters.jurisdiction ? { jurisdictionId: filters.jurisdiction } : {}) : { unit: editing })}
          jurisdictions={jurisdictions.data?.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            units.reload();
          }}
        />
      )}
    </>
  );
};
