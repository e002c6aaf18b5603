import { Button, Card, Grid, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import { useMemo, useState } from 'react';
import type { AccountView } from '../../../src/accounts/account-views.ts';
import type { AccountUnitOption } from '../../../src/accounts/list-unit-options.ts';
import { AccountDrawer, instant } from '../accounts/AccountDrawer.tsx';
import { AccountFormModal, type AssignableRole } from '../accounts/AccountFormModal.tsx';
import { AccountStatusTags } from '../accounts/AccountStatusTags.tsx';
import { TemporaryPasswordModal } from '../accounts/TemporaryPasswordModal.tsx';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import type { UnitItem } from '../api/types.ts';
import { useUser } from '../app/auth.tsx';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface AccountPage {
  items: AccountView[];
  total: number;
  page: number;
  pageSize: number;
  assignableRoles: AssignableRole[];
}

const PAGE_SIZE = 20;

/**
 * 账号管理 (issue 11, 三员分立): the system administrator's accounts of case work, a county
 * coordinator's handlers — searched and filtered, a page at a time; 新建账号 with its temporary
 * password shown once, and each account's drawer. Filters and the open account live in the address.
 */
const AccountsPage = () => {
  const { m } = useI18n();
  const a = m.accounts;
  const c = a.columns;
  const user = useUser();
  const [params, update] = useQueryParams();
  const wide = Grid.useBreakpoint().md ?? true;
  const filters = {
    q: params.get('q') ?? undefined,
    role: params.get('role') ?? undefined,
    unitId: params.get('unitId') ?? undefined,
    active: params.get('active') ?? undefined,
    page: params.get('page') ?? undefined,
    pageSize: PAGE_SIZE,
  };
  const accounts = useApi<AccountPage>(`/api/accounts${query(filters)}`);
  // The unit filter: every unit for the system administrator, the county's for a coordinator.
  const allUnits = useApi<{ items: UnitItem[] }>(user.role === 'system_admin' ? '/api/units?limit=500' : null);
  const countyUnits = useApi<{ items: AccountUnitOption[] }>(user.role === 'county_coordinator' ? '/api/accounts/unit-options?role=unit_handler' : null);
  const unitOptions = useMemo(
    () => (user.role === 'system_admin' ? (allUnits.data?.items ?? []) : (countyUnits.data?.items ?? [])).map((unit) => ({ value: unit.id, label: unit.name })),
    [user.role, allUnits.data, countyUnits.data],
  );
  const roles = accounts.data?.assignableRoles ?? [];
  const open = params.get('account');
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ account: AccountView; temporaryPassword: string } | null>(null);

  const openLink = (row: AccountView, text: string) => (
    <Typography.Link onClick={() => update({ account: row.id })} data-testid="account-open">
      {text}
    </Typography.Link>
  );
  const columns: TableColumnsType<AccountView> = [
    {
      title: c.account,
      dataIndex: 'username',
      render: (username: string, row) => (
        <Space orientation="vertical" size={0}>
          {openLink(row, username)}
          <span>{row.displayName}</span>
        </Space>
      ),
    },
    { title: c.role, dataIndex: 'roleLabel', width: 150 },
    { title: c.unit, dataIndex: ['unit', 'name'], render: (name: string | undefined) => name ?? '—' },
    { title: c.status, key: 'status', width: 190, render: (_, row) => <AccountStatusTags account={row} /> },
    {
      title: c.lastSignIn,
      dataIndex: 'lastSignInAt',
      width: 150,
      responsive: ['lg'],
      render: (at: string | null) => <span className="money">{at ? instant(at) : a.never}</span>,
    },
  ];
  // A phone has room for the account and its status.
  const narrowColumns: TableColumnsType<AccountView> = [
    {
      title: c.account,
      dataIndex: 'username',
      render: (username: string, row) => (
        <Space orientation="vertical" size={0}>
          {openLink(row, `${username} · ${row.displayName}`)}
          <span>{row.roleLabel}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.unit?.name ?? '—'}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.status, key: 'status', width: 120, render: (_, row) => <AccountStatusTags account={row} /> },
  ];

  return (
    <PageContainer
      nav="accounts"
      title={a.title}
      subtitle={a.subtitle}
      extra={
        roles.length > 0 && (
          <Button type="primary" onClick={() => setAdding(true)} data-testid="account-add">
            {a.add}
          </Button>
        )
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            defaultValue={filters.q}
            placeholder={a.filters.search}
            style={{ width: 240, maxWidth: '80vw' }}
            onSearch={(value) => update({ q: value.trim(), page: undefined })}
            data-testid="accounts-search"
          />
          {roles.length > 1 && (
            <Select
              style={{ width: 170 }}
              value={filters.role ?? ''}
              onChange={(value: string) => update({ role: value, page: undefined })}
              aria-label={a.filters.byRole}
              options={[{ value: '', label: a.filters.allRoles }, ...roles.map((entry) => ({ value: entry.role, label: entry.label }))]}
            />
          )}
          <Select
            style={{ width: 240, maxWidth: '80vw' }}
            value={filters.unitId ?? ''}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(value: string) => update({ unitId: value, page: undefined })}
            aria-label={a.filters.byUnit}
            options={[{ value: '', label: a.filters.allUnits }, ...unitOptions]}
          />
          <Select
            style={{ width: 120 }}
            value={filters.active ?? ''}
            onChange={(value: string) => update({ active: value, page: undefined })}
            aria-label={a.filters.byStatus}
            options={[
              { value: '', label: a.filters.allStatuses },
              { value: 'true', label: a.filters.active },
              { value: 'false', label: a.filters.inactive },
            ]}
          />
        </Space>
        {accounts.error ? (
          <ErrorResult error={accounts.error} onRetry={accounts.reload} />
        ) : (
          <Table<AccountView>
            rowKey="id"
            size="middle"
            loading={accounts.loading}
            columns={wide ? columns : narrowColumns}
            dataSource={accounts.data?.items ?? []}
            locale={{ emptyText: a.empty }}
            pagination={{
              current: accounts.data?.page ?? 1,
              pageSize: PAGE_SIZE,
              total: accounts.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => a.total(total),
              hideOnSinglePage: false,
              onChange: (page) => update({ page: page === 1 ? undefined : String(page) }),
            }}
            data-testid="accounts-table"
          />
        )}
        {adding && (
          <AccountFormModal
            roles={roles}
            onClose={() => setAdding(false)}
            onCreated={(result) => {
              setAdding(false);
              setCreated(result);
              accounts.reload();
            }}
          />
        )}
        {created && (
          <TemporaryPasswordModal title={a.temporary.createdTitle(created.account.username)} password={created.temporaryPassword} onClose={() => setCreated(null)} />
        )}
        {open && <AccountDrawer key={open} accountId={open} roles={roles} onClose={() => update({ account: undefined })} onChanged={accounts.reload} />}
      </Card>
    </PageContainer>
  );
};

export default AccountsPage;
