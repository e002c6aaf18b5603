import { Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { EnterpriseView } from '../../../src/enterprises/read-enterprises.ts';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ProfileModal } from './ProfileModal.tsx';

/** 一企一档: the enterprise's profile with its size class, and the form to keep it for those who may. */
export const ProfileCard = ({ enterprise, onSaved }: { enterprise: EnterpriseView; onSaved: () => void }) => {
  const { m } = useI18n();
  const p = m.enterprises.profile;
  const [editing, setEditing] = useState(false);
  const profile = enterprise.profile;
  const button = enterprise.canEdit && (
    <Button type={profile ? 'default' : 'primary'} onClick={() => setEditing(true)}>
      {profile ? p.edit : p.create}
    </Button>
  );
  return (
    <Card size="small" title={p.title} extra={profile && button} data-testid="enterprise-profile">
      {profile === null ? (
        <Empty description={p.none}>{button}</Empty>
      ) : (
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            items={[
              { key: 'code', label: m.enterprises.columns.creditCode, children: <span className="money">{enterprise.creditCode ?? '—'}</span> },
              { key: 'jurisdiction', label: m.enterprises.columns.jurisdiction, children: enterprise.jurisdictionName },
              {
                key: 'size',
                label: p.size,
                children: (
                  <Space wrap size={4}>
                    <Tag color="blue" data-size={profile.sizeClass}>
                      {profile.sizeLabel}
                    </Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.sizeBasis(profile.sectorLabel)}
                    </Typography.Text>
                  </Space>
                ),
              },
              { key: 'industry', label: p.industryCode, children: <span className="money">{profile.industryCode}</span> },
              { key: 'employees', label: p.employees, children: <span className="money">{profile.employees}</span> },
              { key: 'revenue', label: `${p.annualRevenue.replace(/（.*）/, '')}（${profile.figuresYear}）`, children: <Money fen={profile.annualRevenue} /> },
              { key: 'assets', label: p.totalAssets.replace(/（.*）/, ''), children: <Money fen={profile.totalAssets} /> },
              { key: 'registered', label: p.registeredOn, children: <span className="money">{profile.registeredOn}</span> },
              {
                key: 'tags',
                label: p.tags,
                span: 'filled',
                children: profile.tags.length ? profile.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : p.noTags,
              },
            ]}
          />
          {enterprise.updatedByName && enterprise.updatedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.updatedBy(enterprise.updatedByName, dayjs(enterprise.updatedAt).format('YYYY-MM-DD HH:mm'))}
            </Typography.Text>
          )}
        </Space>
      )}
      {editing && (
        <ProfileModal
          enterprise={enterprise}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </Card>
  );
};
