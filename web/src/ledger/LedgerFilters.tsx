import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Checkbox, Col, DatePicker, Drawer, Flex, Form, Grid, Input, Row, Select, Space, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { CASE_STATES } from '../../../src/domain/case/states.ts';
import { CASE_KINDS } from '../../../src/domain/lines/case-kinds.ts';
import { LINES, SOURCES } from '../../../src/domain/lines/vocabulary.ts';
import { formatYuan, parseYuan } from '../../../src/domain/money.ts';
import { useJurisdictions, useUnits } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The ledger's filters as the address holds them: the list API's own parameters. */
export type LedgerFilterValues = Record<string, string | undefined>;

/** The filters behind 更多条件: open by themselves when one of them is set (a link from the cockpit). */
const RARE = ['kind', 'source', 'registeredFrom', 'registeredTo', 'deadlineFrom', 'deadlineTo', 'closedFrom', 'closedTo', 'paidFrom', 'paidTo', 'outstandingFrom', 'outstandingTo'];

/** 分 of the address as 元 to type in, exact. */
const yuanText = (fen: string | undefined) => (fen === undefined ? '' : formatYuan(Number(fen)).replace(/^¥/, '').replaceAll(',', ''));

/**
 * How many filters are set, besides the keywords and the order: a date or amount range counts
 * once, whether one end or both are given.
 */
export const activeFilterCount = (filters: LedgerFilterValues): number =>
  new Set(
    Object.entries(filters)
      .filter(([key, value]) => value !== undefined && value !== '' && key !== 'q' && key !== 'sort')
      .map(([key]) => key.replace(/(From|To)$/, '')),
  ).size;

interface LedgerFiltersProps {
  readonly filters: LedgerFilterValues;
  readonly onChange: (changes: LedgerFilterValues) => void;
  readonly onReset: () => void;
}

/**
 * The ledger's filter form (Ant Design Pro's query filter): labelled fields in a grid, the
 * everyday ones shown, the rarer ones (kind, source, date and amount ranges) behind 更多条件.
 * Each change applies at once and goes to the address. On a phone (below md) the page shows the
 * keyword search and a 筛选 button with the count of filters set; the button opens the whole form
 * in a drawer, so that the list starts on the first screen.
 */
export const LedgerFilters = ({ filters, onChange, onReset }: LedgerFiltersProps) => {
  const { m } = useI18n();
  const v = m.listView;
  const l = v.ledger.filters;
  const jurisdictions = useJurisdictions();
  const units = useUnits();
  const [expandedOnDesk, setExpanded] = useState(() => RARE.some((key) => filters[key] !== undefined));
  const phone = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  // In the phone's drawer every field shows: it scrolls, and has no room problem to hide them for.
  const expanded = phone || expandedOnDesk;
  const active = activeFilterCount(filters);
  const jurisdictionName = useMemo(() => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])), [jurisdictions.data]);

  /** A labelled select of one filter; cleared, the filter goes. */
  const select = (name: string, label: string, options: { value: string; label: string }[], testId?: string, searchable = false) => (
    <Col xs={24} md={12} xl={8}>
      <Form.Item label={label} htmlFor={`ledger-filter-${name}`}>
        <Select
          id={`ledger-filter-${name}`}
          allowClear
          {...(searchable ? { showSearch: true, optionFilterProp: 'label' } : {})}
          placeholder={m.common.all}
          value={filters[name]}
          onChange={(value?: string) => onChange({ [name]: value })}
          options={options}
          data-testid={testId}
        />
      </Form.Item>
    </Col>
  );

  const range = (from: string, to: string, label: string, testId: string) => (
    <Col xs={24} md={12} xl={8}>
      <Form.Item label={label} htmlFor={`ledger-filter-${from}`}>
        <DatePicker.RangePicker
          id={{ start: `ledger-filter-${from}` }}
          style={{ width: '100%' }}
          allowEmpty={[true, true]}
          data-testid={testId}
          value={[filters[from] ? dayjs(filters[from]) : null, filters[to] ? dayjs(filters[to]) : null]}
          onChange={(dates) => onChange({ [from]: dates?.[0]?.format('YYYY-MM-DD'), [to]: dates?.[1]?.format('YYYY-MM-DD') })}
        />
      </Form.Item>
    </Col>
  );

  const search = (
    <Input.Search
      id="ledger-filter-q"
      allowClear
      aria-label={phone ? l.search : undefined}
      placeholder={m.ledger.searchPlaceholder}
      defaultValue={filters.q}
      onSearch={(value) => onChange({ q: value.trim() || undefined })}
      data-testid="ledger-search"
    />
  );
  const form = (
    <Form layout="horizontal" labelCol={{ flex: '84px' }} labelWrap colon={false}>
      <Row gutter={[16, 0]}>
        {!phone && (
          <Col xs={24} md={12} xl={8}>
            <Form.Item label={l.search} htmlFor="ledger-filter-q">
              {search}
            </Form.Item>
          </Col>
        )}
        {select('line', l.line, LINES.map((line) => ({ value: line, label: m.line[line] })))}
        {select('state', l.state, CASE_STATES.map((state) => ({ value: state, label: m.state[state] })))}
        {select('jurisdiction', l.jurisdiction, (jurisdictions.data?.items ?? []).map((item) => ({ value: item.id, label: item.name })))}
        {select(
          'responsibleUnit',
          l.responsibleUnit,
          (units.data?.items ?? [])
            .filter((unit) => unit.kind !== 'enterprise')
            .map((unit) => ({ value: unit.id, label: m.common.parenthesized(unit.name, jurisdictionName.get(unit.jurisdictionId) ?? '') })),
          undefined,
          true,
        )}
        <Col xs={24} md={12} xl={8}>
          <Form.Item label={l.flags}>
            <Space wrap size={[8, 0]}>
              <Checkbox checked={filters.overdue === 'true'} onChange={(event) => onChange({ overdue: event.target.checked ? 'true' : undefined })}>
                {m.ledger.overdueOnly}
              </Checkbox>
              <Tooltip title={m.paymentLaw.ledger.overdueByLawHelp}>
                <Checkbox checked={filters.overdueByLaw === 'true'} onChange={(event) => onChange({ overdueByLaw: event.target.checked ? 'true' : undefined })}>
                  {m.paymentLaw.ledger.overdueByLaw}
                </Checkbox>
              </Tooltip>
              {filters.yearEndRisk === 'true' && (
                <Tag closable color="red" onClose={() => onChange({ yearEndRisk: undefined })} data-testid="ledger-year-end-risk">
                  {m.common.parenthesized(m.caseFields.yearEndRisk, 'A2')}
                </Tag>
              )}
            </Space>
          </Form.Item>
        </Col>
        {expanded && (
          <>
            {select('kind', l.kind, CASE_KINDS.map((kind) => ({ value: kind, label: m.retaliation.kind[kind] })), 'ledger-kind-filter')}
            {select('source', l.source, SOURCES.map((source) => ({ value: source, label: m.source[source] })), 'ledger-source-filter')}
            <AmountRange filters={filters} onChange={onChange} />
            {range('registeredFrom', 'registeredTo', l.registered, 'ledger-registered-filter')}
            {range('deadlineFrom', 'deadlineTo', l.deadline, 'ledger-deadline-filter')}
            {range('closedFrom', 'closedTo', l.closed, 'ledger-closed-filter')}
            {range('paidFrom', 'paidTo', l.paid, 'ledger-paid-filter')}
          </>
        )}
      </Row>
      {!phone && (
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onReset}>{m.common.reset}</Button>
          <Button type="link" onClick={() => setExpanded(!expandedOnDesk)} data-testid="ledger-more-filters">
            {expandedOnDesk ? l.less : l.more}
          </Button>
        </Flex>
      )}
    </Form>
  );
  if (!phone) return <Card size="small" data-testid="ledger-filters">{form}</Card>;
  return (
    <Card size="small" data-testid="ledger-filters">
      <Flex gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
        <Badge count={active} size="small" color="#b91c1c">
          <Button icon={<FilterOutlined />} onClick={() => setDrawerOpen(true)} data-testid="ledger-filters-button" data-active={active}>
            {v.filtersButton}
          </Button>
        </Badge>
      </Flex>
      {filters.yearEndRisk === 'true' && (
        <Tag closable color="red" style={{ marginTop: 8 }} onClose={() => onChange({ yearEndRisk: undefined })}>
          {m.common.parenthesized(m.caseFields.yearEndRisk, 'A2')}
        </Tag>
      )}
      <Drawer
        open={drawerOpen}
        placement="bottom"
        size="85%"
        title={v.filtersTitle}
        onClose={() => setDrawerOpen(false)}
        data-testid="ledger-filters-drawer"
        footer={
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onReset}>{m.common.reset}</Button>
            <Button type="primary" onClick={() => setDrawerOpen(false)} data-testid="ledger-filters-done">
              {v.filtersDone}
            </Button>
          </Flex>
        }
      >
        {form}
      </Drawer>
    </Card>
  );
};


/** 未清偿金额 from–to, typed in 元 (or 万元), kept in the address in 分 as the list API takes it. */
const AmountRange = ({ filters, onChange }: Pick<LedgerFiltersProps, 'filters' | 'onChange'>) => {
  const { m } = useI18n();
  const l = m.listView.ledger.filters;
  const [typed, setTyped] = useState({ outstandingFrom: yuanText(filters.outstandingFrom), outstandingTo: yuanText(filters.outstandingTo) });
  const [invalid, setInvalid] = useState(false);
  const apply = () => {
    try {
      const fen = (text: string) => (text.trim() === '' ? undefined : String(parseYuan(text)));
      const next = { outstandingFrom: fen(typed.outstandingFrom), outstandingTo: fen(typed.outstandingTo) };
      setInvalid(false);
      if (next.outstandingFrom !== filters.outstandingFrom || next.outstandingTo !== filters.outstandingTo) onChange(next);
    } catch {
      setInvalid(true);
    }
  };
  const input = (key: 'outstandingFrom' | 'outstandingTo', placeholder: string) => (
    <Input
      allowClear
      inputMode="decimal"
      placeholder={placeholder}
      id={`ledger-filter-${key}`}
      aria-label={key === 'outstandingTo' ? `${l.outstanding}${placeholder}` : undefined}
      value={typed[key]}
      status={invalid ? 'error' : undefined}
      onChange={(event) => setTyped({ ...typed, [key]: event.target.value })}
      onPressEnter={apply}
      onBlur={apply}
      data-testid={`ledger-${key}`}
    />
  );
  return (
    <Col xs={24} md={12} xl={8}>
      <Form.Item label={l.outstanding} htmlFor="ledger-filter-outstandingFrom" validateStatus={invalid ? 'error' : undefined} help={invalid ? l.amountInvalid : undefined}>
        <Space.Compact style={{ width: '100%' }}>
          {input('outstandingFrom', l.outstandingFrom)}
          {input('outstandingTo', l.outstandingTo)}
        </Space.Compact>
      </Form.Item>
    </Col>
  );
};
