import { Space, Typography } from 'antd';
import { useUser } from '../app/auth.tsx';
import { EnterpriseFile } from '../enterprise/EnterpriseFile.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** 可享政策 (P2): the enterprise's own profile and every clause in force matched against it. */
const BenefitsPage = () => {
  const user = useUser();
  const { m } = useI18n();
  const e = m.enterprises;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {e.benefitsTitle} · {user.unit?.name}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {e.benefitsIntro}
        </Typography.Paragraph>
      </div>
      {user.unit && <EnterpriseFile unitId={user.unit.id} />}
    </Space>
  );
};

export default BenefitsPage;
