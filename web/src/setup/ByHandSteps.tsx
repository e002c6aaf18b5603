/** The small steps of the form: the city, its counties and zones, the three administrators. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Popconfirm, Row, Select, Space, Table, Typography } from 'antd';
import { ADMIN_ROLES, type AdminRole } from '../../../src/domain/access/account-policy.ts';
import { ORG_LEVEL_LABEL, USERNAME_PATTERN } from '../../../src/domain/setup/organisation.ts';
import { ORGANISATION_LIMITS } from '../../../src/domain/setup/organisation.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { newKey, removeJurisdiction, unitsIn, type ChangeDraft, type Draft, type DraftAdmin, type DraftJurisdiction } from './by-hand-draft.ts';

interface StepProps {
  readonly draft: Draft;
  readonly change: ChangeDraft;
}

export const CityStep = ({ draft, change }: StepProps) => {
  const { m } = useI18n();
  const h = m.setup.byHand;
  const setCity = (city: Partial<Draft['city']>) => change((current) => ({ ...current, city: { ...current.city, ...city } }));
  return (
    <Form layout="vertical" requiredMark={false} style={{ maxWidth: 480 }}>
      <Form.Item label={h.cityName} htmlFor="by-hand-city-name" required extra={h.cityHint}>
        <Input id="by-hand-city-name" value={draft.city.name} maxLength={ORGANISATION_LIMITS.nameLength} placeholder={h.cityNamePlaceholder} onChange={(event) => setCity({ name: event.target.value })} />
      </Form.Item>
      <Form.Item label={h.division} htmlFor="by-hand-city-division">
        <Input id="by-hand-city-division" value={draft.city.division} maxLength={6} inputMode="numeric" placeholder={h.divisionPlaceholder} onChange={(event) => setCity({ division: event.target.value })} />
      </Form.Item>
    </Form>
  );
};

export const JurisdictionsStep = ({ draft, change }: StepProps) => {
  const { m } = useI18n();
  const h = m.setup.byHand;
  const update = (key: string, patch: Partial<Omit<DraftJurisdiction, 'key'>>) =>
    change((current) => ({ ...current, jurisdictions: current.jurisdictions.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)) }));
  const add = (level: DraftJurisdiction['level']) => change((current) => ({ ...current, jurisdictions: [...current.jurisdictions, { key: newKey('jurisdiction'), name: '', level, division: '' }] }));
  const remove = (key: string) => change((current) => removeJurisdiction(current, key));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {h.jurisdictionsIntro}
      </Typography.Paragraph>
      <Space wrap>
        <Button icon={<PlusOutlined />} onClick={() => add('county')} data-testid="by-hand-add-county">
          {h.addCounty}
        </Button>
        <Button icon={<PlusOutlined />} onClick={() => add('zone')} data-testid="by-hand-add-zone">
          {h.addZone}
        </Button>
      </Space>
      <Table<DraftJurisdiction>
        size="small"
        rowKey="key"
        dataSource={[...draft.jurisdictions]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: h.noJurisdictions }}
        style={{ maxWidth: 720 }}
        data-testid="by-hand-jurisdictions"
        columns={[
          { title: '#', width: 44, render: (_value, _entry, index) => index + 1 },
          {
            title: h.name,
            render: (_value, entry, index) => (
              <Input value={entry.name} maxLength={ORGANISATION_LIMITS.nameLength} aria-label={h.cell(h.name, index + 1)} style={{ width: 240 }} onChange={(event) => update(entry.key, { name: event.target.value })} />
            ),
          },
          {
            title: h.level,
            render: (_value, entry, index) => (
              <Select<DraftJurisdiction['level']>
                value={entry.level}
                aria-label={h.cell(h.level, index + 1)}
                style={{ width: 120 }}
                options={(['county', 'zone'] as const).map((level) => ({ value: level, label: ORG_LEVEL_LABEL[level] }))}
                onChange={(level) => update(entry.key, { level })}
              />
            ),
          },
          {
            title: h.division,
            render: (_value, entry, index) => (
              <Input value={entry.division} maxLength={6} inputMode="numeric" placeholder={h.optional} aria-label={h.cell(h.division, index + 1)} style={{ width: 120 }} onChange={(event) => update(entry.key, { division: event.target.value })} />
            ),
          },
          {
            title: h.actions,
            render: (_value, entry, index) => {
              const units = unitsIn(draft, entry.key).length;
              const button = <Button type="text" danger icon={<DeleteOutlined />} aria-label={h.cell(h.remove, index + 1)} onClick={units === 0 ? () => remove(entry.key) : undefined} />;
              return units === 0 ? button : (
                <Popconfirm title={h.removeJurisdiction(entry.name, units)} okText={h.remove} onConfirm={() => remove(entry.key)}>
                  {button}
                </Popconfirm>
              );
            },
          },
        ]}
      />
    </Space>
  );
};

export const AdminsStep = ({ draft, change }: StepProps) => {
  const { m } = useI18n();
  const h = m.setup.byHand;
  const update = (role: AdminRole, patch: Partial<DraftAdmin>) => change((current) => ({ ...current, admins: { ...current.admins, [role]: { ...current.admins[role], ...patch } } }));
  const usernameProblem = (role: AdminRole): string | null => {
    const username = draft.admins[role].username.trim().toLowerCase();
    if (username === '') return null;
    if (!USERNAME_PATTERN.test(username)) return h.usernameRule;
    return ADMIN_ROLES.some((other) => other !== role && draft.admins[other].username.trim().toLowerCase() === username) ? h.usernameRepeated : null;
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {h.adminsIntro}
      </Typography.Paragraph>
      <Form layout="vertical" requiredMark={false}>
        {ADMIN_ROLES.map((role) => {
          const problem = usernameProblem(role);
          return (
            <div key={role} data-testid={`by-hand-admin-${role}`} style={{ maxWidth: 720 }}>
              <Typography.Text strong>{m.role[role]}</Typography.Text>
              <Row gutter={16} style={{ marginTop: 8 }}>
                <Col xs={24} md={12}>
                  <Form.Item label={h.username} htmlFor={`by-hand-${role}-username`} validateStatus={problem === null ? undefined : 'error'} help={problem ?? h.usernameRule}>
                    <Input id={`by-hand-${role}-username`} aria-label={`${m.role[role]}${h.username}`} value={draft.admins[role].username} maxLength={32} autoComplete="off" onChange={(event) => update(role, { username: event.target.value })} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={h.displayName} htmlFor={`by-hand-${role}-name`}>
                    <Input id={`by-hand-${role}-name`} aria-label={`${m.role[role]}${h.displayName}`} value={draft.admins[role].displayName} maxLength={ORGANISATION_LIMITS.nameLength} onChange={(event) => update(role, { displayName: event.target.value })} />
                  </Form.Item>
                </Col>
              </Row>
            </div>
          );
        })}
      </Form>
    </Space>
  );
};
