import { Typography } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

/** Placeholder until the page is built. */
const ReportsPage = () => {
  const { m } = useI18n();
  return <Typography.Title level={3}>{m.dispatch.title}</Typography.Title>;
};

export default ReportsPage;
