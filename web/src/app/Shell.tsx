import { AccountBookOutlined, AlertOutlined, ApiOutlined, AuditOutlined, BarChartOutlined, BookOutlined, CarryOutOutlined, FieldTimeOutlined, FileAddOutlined, OrderedListOutlined, ProjectOutlined, FileTextOutlined, FundOutlined, GiftOutlined, InboxOutlined, ScheduleOutlined, SafetyCertificateOutlined, LogoutOutlined, ShopOutlined, TableOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useAuth } from './auth.tsx';
import { NAV_PATH, menuOf, type NavKey } from './navigation.ts';

const ICONS: Record<NavKey, ReactNode> = {
  cockpit: <BarChartOutlined />,
  ledger: <TableOutlined />,
  intake: <InboxOutlined />,
  supervision: <AlertOutlined />,
  dispatch: <ScheduleOutlined />,
  reports: <FileTextOutlined />,
  credit: <SafetyCertificateOutlined />,
  policies: <BookOutlined />,
  enterprises: <ShopOutlined />,
  window: <AuditOutlined />,
  funds: <AccountBookOutlined />,
  evaluation: <FundOutlined />,
  register: <FileAddOutlined />,
  portal: <TableOutlined />,
  benefits: <GiftOutlined />,
  noApplication: <CarryOutOutlined />,
  submit: <FileAddOutlined />,
  system: <ApiOutlined />,
  investmentProjects: <ProjectOutlined />,
  investmentTracking: <FieldTimeOutlined />,
  investmentLists: <OrderedListOutlined />,
};

/** The frame of every signed-in page: the role's menu, the user, sign-out and language. */
export const Shell = () => {
  const { user, expired, signOut } = useAuth();
  const { m, locale, setLocale } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  if (user === undefined) return null;
  if (user === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}${expired ? '&expired=1' : ''}`} replace />;
  }
  const menu = menuOf(user);
  // The entry whose path is the longest prefix of the address: /portal/policies is 可享政策, not 我的诉求.
  const selected = menu
    .filter((key) => location.pathname === NAV_PATH[key] || location.pathname.startsWith(`${NAV_PATH[key]}/`))
    .sort((a, b) => NAV_PATH[b].length - NAV_PATH[a].length)
    .slice(0, 1);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200} theme="dark">
        <div style={{ color: '#fff', padding: '18px 20px', fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>
          {m.app.name} <span style={{ fontSize: 12, opacity: 0.7, letterSpacing: 0 }}>{m.app.city}</span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected.slice(-1)}
          items={menu.map((key) => ({ key, icon: ICONS[key], label: <Link to={NAV_PATH[key]}>{m.nav[key]}</Link> }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>{m.app.title}</Typography.Text>
          <Space size="middle">
            <Space size={6} data-testid="current-user">
              <UserOutlined />
              <span>{user.name}</span>
              <Typography.Text type="secondary">
                {m.role[user.role]}
                {user.unit ? ` · ${user.unit.name}` : ''}
              </Typography.Text>
            </Space>
            <NotificationBell showAllLink={(menu as readonly NavKey[]).includes('supervision')} />
            <Button size="small" icon={<TranslationOutlined />} onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {m.nav.language}
            </Button>
            <Button
              size="small"
              icon={<LogoutOutlined />}
              onClick={async () => {
                await signOut();
                navigate('/login', { replace: true });
              }}
            >
              {m.nav.signOut}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
};
