import { App, Form, Grid, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { Line } from '../../../src/domain/lines/vocabulary.ts';
import type { PublicUnitKind } from '../../../src/domain/setup/organisation.ts';
import type { JurisdictionView } from '../../../src/reference/edit-jurisdictions.ts';
import { FormModal } from '../components/FormModal.tsx';
import { api, query } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import type { UnitItem } from '../api/types.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { RowLink, TabToolbar } from './TabToolbar.tsx';

/** A row of the responsibility matrix as `/api/responsibility-matrix` lists it (SPEC §6). */
interface MatrixRow {
  id: string;
  line: Line;
  topic: string;
  description: string;
  debtorKinds: string[];
  debtorLevel: 'city' | 'county' | null;
  leadUnitId: string | null;
  leadIsJurisdiction: boolean;
  cooperatingUnitIds: string[];
}

interface Values {
  leadUnitId?: string;
  cooperatingUnitIds: string[];
}

const LINE_COLOR = { arrears: 'volcano', policy: 'gold', investment: 'geekblue', integrity: 'cyan' } as const satisfies Record<Line, string>;

/** The lead (unless each county leads) and the cooperating units of one row, among the city's own units. */
const MatrixRowModal = ({ row, options, onClose, onSaved }: { row: MatrixRow; options: { value: string; label: string }[]; onClose: () => void; onSaved: () => void }) => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.matrix;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    await api.patch(`/api/responsibility-matrix/${row.id}`, {
      ...(row.leadIsJurisdiction ? {} : { leadUnitId: values.leadUnitId ?? null }),
      cooperatingUnitIds: values.cooperatingUnitIds,
    });
    message.success(o.saved);
    onSaved();
  });
  return (
    <FormModal title={f.editTitle} form={form} sending={sending} error={error} onClose={onClose} testId="matrix-form">
      <Typography.Paragraph>
        <Tag color={LINE_COLOR[row.line]}>{m.line[row.line]}</Tag>
        {row.description}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ ...(row.leadUnitId ? { leadUnitId: row.leadUnitId } : {}), cooperatingUnitIds: row.cooperatingUnitIds }}>
        {row.leadIsJurisdiction ? (
          <Form.Item label={f.lead}>
            <Typography.Text>{f.jurisdictionLeads}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="leadUnitId" label={f.lead} extra={f.leadHelp}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options} aria-label={f.lead} placeholder={f.noLead} data-testid="matrix-lead" />
          </Form.Item>
        )}
        <Form.Item name="cooperatingUnitIds" label={f.cooperating}>
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={options} aria-label={f.cooperating} data-testid="matrix-cooperating" />
        </Form.Item>
      </Form>
    </FormModal>
  );
};

/** 责任分工: each task of the work map with the unit leading it and those cooperating (SPEC §6). */
export const MatrixTab = () => {
  const { m } = useI18n();
  const o = m.organisation;
  const f = o.matrix;
  const wide = Grid.useBreakpoint().lg ?? true;
  const matrix = useApi<{ items: MatrixRow[] }>('/api/responsibility-matrix');
  const jurisdictions = useApi<{ items: JurisdictionView[] }>('/api/jurisdictions');
  const cityId = jurisdictions.data?.items.find((jurisdiction) => jurisdiction.parentId === null)?.id;
  // Leads and cooperating units are the city's own (市直单位): the only ones offered.
  const cityUnits = useApi<{ items: UnitItem[] }>(cityId ? `/api/units${query({ publicOnly: 'true', jurisdiction: cityId, limit: 500 })}` : null);
  const [editing, setEditing] = useState<MatrixRow | null>(null);
  const unitName = useMemo(() => new Map((cityUnits.data?.items ?? []).map((unit) => [unit.id, unit.name])), [cityUnits.data]);
  const nameOf = (id: string) => unitName.get(id) ?? id;
  const options = useMemo(() => (cityUnits.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name })), [cityUnits.data]);

  const covers = (row: MatrixRow) => {
    if (row.debtorKinds.length === 0) return f.coversAll;
    const kinds = row.debtorKinds.map((kind) => o.kind[kind as PublicUnitKind] ?? kind).join(m.common.enumSeparator);
    return row.debtorLevel === null ? kinds : m.common.parenthesized(kinds, row.debtorLevel === 'city' ? f.levelCity : f.levelCounty);
  };
  const lead = (row: MatrixRow) => (row.leadIsJurisdiction ? f.jurisdictionLeads : row.leadUnitId ? nameOf(row.leadUnitId) : <Typography.Text type="warning">{f.noLead}</Typography.Text>);
  const cooperating = (row: MatrixRow) => (row.cooperatingUnitIds.length === 0 ? f.none : row.cooperatingUnitIds.map(nameOf).join(m.common.enumSeparator));

  const lineTag = (line: Line) => <Tag color={LINE_COLOR[line]}>{m.line[line]}</Tag>;
  const columns: TableColumnsType<MatrixRow> = [
    ...(wide ? [{ title: f.line, dataIndex: 'line', width: 150, render: lineTag }] : []),
    {
      title: f.description,
      dataIndex: 'description',
      render: (description: string, row) =>
        wide ? (
          description
        ) : (
          // A phone has room for the task, with its line above and its lead under it.
          <>
            {lineTag(row.line)}
            <div>{description}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.common.label(f.lead)}
              {lead(row)}
            </Typography.Text>
          </>
        ),
    },
    ...(wide
      ? [
          { title: f.covers, key: 'covers', width: 180, render: (_: unknown, row: MatrixRow) => covers(row) },
          { title: f.lead, key: 'lead', width: 200, render: (_: unknown, row: MatrixRow) => lead(row) },
          { title: f.cooperating, key: 'cooperating', width: 200, render: (_: unknown, row: MatrixRow) => cooperating(row) },
        ]
      : []),
    {
      title: o.operations,
      key: 'operations',
      width: 72,
      render: (_, row) => (
        <RowLink onClick={() => setEditing(row)} testId="matrix-edit">
          {f.change}
        </RowLink>
      ),
    },
  ];

  return (
    <>
      <TabToolbar hint={f.hint} />
      {matrix.error ? (
        <ErrorResult error={matrix.error} onRetry={matrix.reload} />
      ) : (
        <Table<MatrixRow>
          rowKey="id"
          size="middle"
          loading={matrix.loading || cityUnits.loading}
          columns={columns}
          dataSource={matrix.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: f.empty }}
          data-testid="matrix-table"
        />
      )}
      {editing !== null && (
        <MatrixRowModal
          row={editing}
          options={options}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            matrix.reload();
          }}
        />
      )}
    </>
  );
};
