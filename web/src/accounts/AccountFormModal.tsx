import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import type { AccountView } from '../../../src/accounts/account-views.ts';
import type { AccountUnitOption } from '../../../src/accounts/list-unit-options.ts';
import type { Role } from '../../../src/domain/access/roles.ts';
import { PHONE_PATTERN, USERNAME_PATTERN } from '../../../src/domain/accounts/account-fields.ts';
import { api, query } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  phone?: string;
}

export interface AssignableRole {
  readonly role: Role;
  readonly label: string;
}

/**
 * A new account, or an edit of `account`: its role among those the user may give, and a unit
 * that fits the role as the server lists them (`/api/accounts/unit-options`); a county
 * coordinator's jurisdiction follows from its government. A new account's temporary password
 * goes to `onCreated`, to be shown once.
 */
export const AccountFormModal = ({
  account,
  roles,
  onClose,
  onCreated,
  onSaved,
}: {
  account?: AccountView;
  roles: readonly AssignableRole[];
  onClose: () => void;
  onCreated?: (created: { account: AccountView; temporaryPassword: string }) => void;
  onSaved?: (saved: AccountView) => void;
}) => {
  const { m } = useI18n();
  const a = m.accounts;
  const f = a.fields;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form) ?? account?.role;
  const unitId = Form.useWatch('unitId', form) ?? account?.unit?.id;
  const options = useApi<{ items: AccountUnitOption[] }>(role ? `/api/accounts/unit-options${query({ role })}` : null);
  const unitOptions = useMemo(
    () =>
      (options.data?.items ?? []).map((unit) => ({
        value: unit.id,
        label: unit.jurisdictionId === 'city' ? unit.name : m.common.parenthesized(unit.name, unit.jurisdictionName),
      })),
    [options.data, m],
  );
  const chosen = options.data?.items.find((unit) => unit.id === unitId);
  const coordinates = role === 'county_coordinator' ? (chosen?.coordinates ?? null) : null;
  const coordinatesName = coordinates === null ? null : chosen?.jurisdictionName;
  const placed = account !== undefined && (role !== account.role || unitId !== account.unit?.id);

  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const jurisdictionId = values.role === 'county_coordinator' ? coordinates : null;
    if (account === undefined) {
      const created = await api.post<{ account: AccountView; temporaryPassword: string }>('/api/accounts', {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        unitId: values.unitId,
        jurisdictionId,
        ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
      });
      message.success(a.create.created);
      onCreated?.(created);
      return;
    }
    const saved = await api.patch<AccountView>(`/api/accounts/${account.id}`, {
      displayName: values.displayName.trim(),
      ...(placed ? { role: values.role, unitId: values.unitId, jurisdictionId } : {}),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
    });
    message.success(a.drawer.saved);
    onSaved?.(saved);
  });

  const required = (label: string) => [{ required: true, whitespace: true, message: m.common.required(label) }];
  const roleOptions = [...roles, ...(account && !roles.some((entry) => entry.role === account.role) ? [{ role: account.role, label: account.roleLabel }] : [])].map((entry) => ({
    value: entry.role,
    label: entry.label,
  }));

  return (
    <Modal
      open
      title={account ? a.editTitle(account.username) : a.create.title}
      okText={account ? m.common.submit : a.create.submit}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="account-form"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="account-form-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={account ? { displayName: account.displayName, role: account.role, unitId: account.unit?.id } : roles.length === 1 ? { role: roles[0]!.role } : {}}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.role !== undefined) form.setFieldValue('unitId', undefined);
        }}
      >
        {account === undefined && (
          <Form.Item
            name="username"
            label={f.username}
            extra={f.usernameHelp}
            rules={[...required(f.username), { pattern: USERNAME_PATTERN, message: f.usernameHelp }]}
          >
            <Input autoComplete="off" maxLength={32} data-testid="account-username" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={f.displayName} rules={required(f.displayName)}>
          <Input maxLength={50} data-testid="account-display-name" />
        </Form.Item>
        <Form.Item name="role" label={f.role} rules={[{ required: true, message: m.common.choose(f.role) }]}>
          <Select options={roleOptions} aria-label={f.role} data-testid="account-role" />
        </Form.Item>
        <Form.Item name="unitId" label={f.unit} extra={role ? f.unitHelp : f.chooseRoleFirst} rules={[{ required: true, message: m.common.choose(f.unit) }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!role}
            loading={options.loading}
            options={unitOptions}
            placeholder={f.unitSearch}
            aria-label={f.unit}
            data-testid="account-unit"
          />
        </Form.Item>
        {role === 'county_coordinator' && (
          <Form.Item label={f.jurisdiction} extra={f.jurisdictionHelp}>
            <Typography.Text data-testid="account-jurisdiction">{coordinatesName ?? '—'}</Typography.Text>
          </Form.Item>
        )}
        <Form.Item name="phone" label={f.phone} extra={account?.phone ? m.common.parenthesized(f.phoneHelp, account.phone) : f.phoneHelp} rules={[{ pattern: PHONE_PATTERN, message: f.phoneInvalid }]}>
          <Input maxLength={20} inputMode="tel" data-testid="account-phone" />
        </Form.Item>
        {placed && <Alert type="warning" showIcon title={a.drawer.confirmRoleChange} />}
      </Form>
    </Modal>
  );
};
