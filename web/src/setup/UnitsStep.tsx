import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ORG_FUNCTIONS, PUBLIC_UNIT_KIND_LABEL, type OrgFunction, type PublicUnitKind } from '../../../src/domain/setup/organisation.ts';
import { ORGANISATION_LIMITS } from '../../../src/domain/setup/organisation.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { blankUnit, CITY_KEY, functionHolders, ORG_FUNCTION_KEYS, removeUnits, updateUnit, type ChangeDraft, type Draft, type DraftUnit } from './by-hand-draft.ts';

const PAGE_SIZE = 20;

/** The functions the responsibility matrix needs, each with the unit that holds it or marked unassigned (市营商办 is required). */
const FunctionCoverage = ({ holders }: { holders: ReadonlyMap<OrgFunction, DraftUnit> }) => {
  const { m } = useI18n();
  const h = m.setup.byHand;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="by-hand-functions">
      <Typography.Text strong>
        {h.functions}（{h.functionsAssigned(holders.size, ORG_FUNCTION_KEYS.length)}）
      </Typography.Text>
      <Space wrap size={[6, 6]}>
        {ORG_FUNCTION_KEYS.map((orgFunction) => {
          const holder = holders.get(orgFunction);
          const required = orgFunction === 'yingshangban';
          return (
            <Tag key={orgFunction} color={holder !== undefined ? 'success' : required ? 'error' : 'warning'} title={holder?.name} data-assigned={holder !== undefined}>
              {ORG_FUNCTIONS[orgFunction]}：{holder !== undefined ? holder.name || '—' : required ? h.functionRequired : h.functionUnassigned}
            </Tag>
          );
        })}
      </Space>
    </Space>
  );
};

/** The units as an editable table: name, jurisdiction, kind, parent, function in the matrix, credit code. */
export const UnitsStep = ({ draft, change }: { draft: Draft; change: ChangeDraft }) => {
  const { m } = useI18n();
  const h = m.setup.byHand;
  const columns = h.unitColumns;
  const [page, setPage] = useState(1);
  const holders = functionHolders(draft);
  const set = (key: string, patch: Parameters<typeof updateUnit>[2]) => change((current) => updateUnit(current, key, patch));
  const add = () => {
    change((current) => ({ ...current, units: [...current.units, blankUnit()] }));
    setPage(Math.ceil((draft.units.length + 1) / PAGE_SIZE));
  };
  const jurisdictions = [
    { value: CITY_KEY, label: draft.city.name.trim() },
    ...draft.jurisdictions.filter((entry) => entry.name.trim() !== '').map((entry) => ({ value: entry.key, label: entry.name.trim() })),
  ];
  const named = draft.units.filter((unit) => unit.name.trim() !== '').map((unit) => ({ value: unit.key, label: unit.name.trim() }));
  const item = (index: number) => (page - 1) * PAGE_SIZE + index + 1;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {h.unitsIntro}
      </Typography.Paragraph>
      <FunctionCoverage holders={holders} />
      <Table<DraftUnit>
        size="small"
        rowKey="key"
        dataSource={[...draft.units]}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false, showTotal: h.unitCount }}
        data-testid="by-hand-units"
        columns={[
          { title: '#', width: 40, render: (_value, _unit, index) => item(index) },
          {
            title: columns.name,
            render: (_value, unit, index) => (
              <Input value={unit.name} maxLength={ORGANISATION_LIMITS.nameLength} aria-label={h.cell(columns.name, item(index))} style={{ width: 220 }} onChange={(event) => set(unit.key, { name: event.target.value })} />
            ),
          },
          {
            title: columns.jurisdiction,
            render: (_value, unit, index) => (
              <Select<string>
                value={unit.jurisdictionKey ?? undefined}
                aria-label={h.cell(columns.jurisdiction, item(index))}
                style={{ width: 150 }}
                options={jurisdictions}
                onChange={(jurisdictionKey) => set(unit.key, { jurisdictionKey })}
              />
            ),
          },
          {
            title: columns.kind,
            render: (_value, unit, index) => (
              <Select<PublicUnitKind>
                value={unit.kind}
                aria-label={h.cell(columns.kind, item(index))}
                style={{ width: 150 }}
                popupMatchSelectWidth={false}
                options={(Object.keys(PUBLIC_UNIT_KIND_LABEL) as PublicUnitKind[]).map((kind) => ({ value: kind, label: PUBLIC_UNIT_KIND_LABEL[kind] }))}
                onChange={(kind) => set(unit.key, { kind })}
              />
            ),
          },
          {
            title: columns.parent,
            render: (_value, unit, index) => (
              <Select<string>
                value={unit.parentKey ?? undefined}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={h.optional}
                aria-label={h.cell(columns.parent, item(index))}
                style={{ width: 200 }}
                popupMatchSelectWidth={false}
                options={named.filter((option) => option.value !== unit.key)}
                onChange={(parentKey) => set(unit.key, { parentKey: parentKey ?? null })}
              />
            ),
          },
          {
            title: columns.orgFunction,
            render: (_value, unit, index) => (
              <Select<OrgFunction>
                value={unit.orgFunction ?? undefined}
                allowClear
                placeholder={unit.jurisdictionKey === CITY_KEY ? h.optional : undefined}
                // Only a city unit holds a function; one held elsewhere stays visible for the check to name.
                disabled={unit.jurisdictionKey !== CITY_KEY && unit.orgFunction === null}
                aria-label={h.cell(columns.orgFunction, item(index))}
                style={{ width: 120 }}
                popupMatchSelectWidth={false}
                options={ORG_FUNCTION_KEYS.map((orgFunction) => {
                  const holder = holders.get(orgFunction);
                  const taken = holder !== undefined && holder.key !== unit.key;
                  return { value: orgFunction, label: ORG_FUNCTIONS[orgFunction], disabled: taken, title: taken ? h.functionTaken(holder.name) : ORG_FUNCTIONS[orgFunction] };
                })}
                onChange={(orgFunction) => set(unit.key, { orgFunction: orgFunction ?? null })}
              />
            ),
          },
          {
            title: columns.creditCode,
            render: (_value, unit, index) => (
              <Input value={unit.creditCode} maxLength={24} placeholder={h.optional} aria-label={h.cell(columns.creditCode, item(index))} style={{ width: 170 }} onChange={(event) => set(unit.key, { creditCode: event.target.value })} />
            ),
          },
          {
            title: h.actions,
            width: 48,
            render: (_value, unit, index) => (
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={h.cell(h.remove, item(index))} onClick={() => change((current) => removeUnits(current, new Set([unit.key])))} />
            ),
          },
        ]}
      />
      <Button icon={<PlusOutlined />} onClick={add} data-testid="by-hand-add-unit">
        {h.addUnit}
      </Button>
    </Space>
  );
};
