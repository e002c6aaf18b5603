import { AccountBookOutlined, AlertOutlined, ApartmentOutlined, ApiOutlined, AuditOutlined, BarChartOutlined, BookOutlined, CarryOutOutlined, DownOutlined, FieldTimeOutlined, FileAddOutlined, FileSearchOutlined, KeyOutlined, LaptopOutlined, LockOutlined, OrderedListOutlined, ProjectOutlined, FileTextOutlined, FundOutlined, GiftOutlined, InboxOutlined, MenuOutlined, ScheduleOutlined, SafetyCertificateOutlined, SafetyOutlined, LogoutOutlined, NotificationOutlined, ShopOutlined, SolutionOutlined, TableOutlined, TeamOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Dropdown, Grid, Layout, Menu, Modal, Space, Typography, type MenuProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ChangePasswordForm } from '../identity/ChangePasswordForm.tsx';
import { IdentityGate } from '../identity/IdentityGate.tsx';
import { MySessions } from '../identity/MySessions.tsx';
import { SecondFactorEnrollment } from '../identity/SecondFactorEnrollment.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { useAuth } from './auth.tsx';
import { MenuCountBadge } from '../notifications/MenuCountBadge.tsx';
import { NAV_BADGE, NAV_PATH, menuGroupsOf, menuOf, type NavKey } from './navigation.ts';

const ICONS: Record<NavKey, ReactNode> = {
  cockpit: <BarChartOutlined />,
  ledger: <TableOutlined />,
  intake: <InboxOutlined />,
  supervision: <AlertOutlined />,
  dispatch: <ScheduleOutlined />,
  reports: <FileTextOutlined />,
  disclosures: <NotificationOutlined />,
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
  organisation: <ApartmentOutlined />,
  investmentProjects: <ProjectOutlined />,
  investmentTracking: <FieldTimeOutlined />,
  investmentLists: <OrderedListOutlined />,
  accounts: <TeamOutlined />,
  registrations: <SolutionOutlined />,
  security: <LockOutlined />,
  audit: <FileSearchOutlined />,
};

type AccountDialog = 'sessions' | 'password' | 'secondFactor';

/** Whether the server runs the demo (`--demo`): every page then says so. */
const useDemoInstance = (): boolean => {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    api
      .get<{ demo: boolean }>('/api/health')
      .then((health) => setDemo(health.demo))
      .catch(() => setDemo(false));
  }, []);
  return demo;
};

/**
 * The frame of every signed-in page: the role's menu, the user with their account menu (sessions,
 * password, second factor), sign-out and language; a demo installation says so above every page.
 * A restricted session sees only what it must do first (IdentityGate).
 *
 * From the lg breakpoint up the menu is a Sider beside the page; below it (a phone, a narrow
 * tablet) the menu opens over the page in a Drawer from the header's menu button, so that the
 * page keeps its whole width, and closes on the chosen page or a tap on the mask.
 */
export const Shell = () => {
  const { user, expired, signOut } = useAuth();
  const { m, locale, setLocale } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const demo = useDemoInstance();
  const [dialog, setDialog] = useState<AccountDialog | null>(null);
  const screens = Grid.useBreakpoint();
  // A phone's header holds the user's name and the buttons' icons only.
  const narrow = !screens.md;
  // Below lg the menu is an overlay; before the first measure (lg undefined) the desk's Sider stands.
  const overlayMenu = screens.lg === false;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname, location.search, overlayMenu]);
  if (user === undefined) return null;
  if (user === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}${expired ? '&expired=1' : ''}`} replace />;
  }
  if (user.restricted !== null) return <IdentityGate restricted={user.restricted} />;
  const t = m.identity;
  const menu = menuOf(user);
  // The entry whose path is the longest prefix of the address: /portal/policies is 可享政策, not 我的诉求.
  const selected = menu
    .filter((key) => location.pathname === NAV_PATH[key] || location.pathname.startsWith(`${NAV_PATH[key]}/`))
    .sort((a, b) => NAV_PATH[b].length - NAV_PATH[a].length)
    .slice(0, 1);
  const dialogs: Record<AccountDialog, { title: string; body: ReactNode }> = {
    sessions: { title: t.sessions.title, body: <MySessions /> },
    password: { title: t.password.title, body: <ChangePasswordForm onDone={() => setDialog(null)} /> },
    secondFactor: { title: t.secondFactor.title, body: <SecondFactorEnrollment onDone={() => setDialog(null)} /> },
  };
  type Item = NonNullable<MenuProps['items']>[number];
  const item = (key: NavKey): Item => {
    const badge = NAV_BADGE[key];
    return {
      key,
      icon: ICONS[key],
      label: (
        <Link to={NAV_PATH[key]}>
          {m.nav[key]}
          {badge !== undefined && <MenuCountBadge kind={badge} />}
        </Link>
      ),
    };
  };
  // The menu's groups (案件办理, 惠企政策, …) carry the names the breadcrumbs show; a menu of one group is a plain list.
  const items: Item[] = menuGroupsOf(user).flatMap(({ section, keys }): Item[] =>
    section === null ? keys.map(item) : [{ type: 'group', key: section, label: m.listView.sections[section], children: keys.map(item) }],
  );
  const brand = (
    <div style={{ color: '#fff', padding: '18px 20px', fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>
      {m.app.name} <span style={{ fontSize: 12, opacity: 0.7, letterSpacing: 0 }}>{m.app.city}</span>
    </div>
  );
  const navMenu = <Menu theme="dark" mode="inline" selectedKeys={selected.slice(-1)} items={items} onClick={() => setMenuOpen(false)} />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {overlayMenu ? (
        <Drawer
          open={menuOpen}
          placement="left"
          size={240}
          closable={false}
          onClose={() => setMenuOpen(false)}
          styles={{ body: { padding: 0, background: '#001529' } }}
          rootClassName="shell-menu-drawer"
          data-testid="menu-drawer"
        >
          {brand}
          {navMenu}
        </Drawer>
      ) : (
        <Layout.Sider width={200} theme="dark">
          {brand}
          {navMenu}
        </Layout.Sider>
      )}
      <Layout>
        {demo && <Alert banner type="warning" title={t.demoBanner} data-testid="demo-banner" style={{ textAlign: 'center' }} />}
        <Layout.Header style={{ background: '#fff', padding: narrow ? '0 12px' : '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12, borderBottom: '1px solid #f0f0f0' }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
            {overlayMenu && (
              <Button type="text" icon={<MenuOutlined />} aria-label={m.listView.openMenu} title={m.listView.openMenu} onClick={() => setMenuOpen(true)} data-testid="menu-button" />
            )}
            {!narrow && (
              <Typography.Text strong style={{ fontSize: 16 }} ellipsis>
                {m.app.title}
              </Typography.Text>
            )}
          </div>
          <Space size={narrow ? 'small' : 'middle'}>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'sessions', icon: <LaptopOutlined />, label: t.menu.sessions },
                  ...(user.demo ? [] : [{ key: 'password', icon: <KeyOutlined />, label: t.menu.password }]),
                  ...(user.demo || user.secondFactor.enrolled ? [] : [{ key: 'secondFactor', icon: <SafetyOutlined />, label: t.menu.secondFactor }]),
                ],
                onClick: ({ key }) => setDialog(key as AccountDialog),
              }}
            >
              <Space size={6} data-testid="current-user" style={{ cursor: 'pointer' }}>
                <UserOutlined />
                <span style={{ whiteSpace: 'nowrap' }}>{user.name}</span>
                {!narrow && (
                  <Typography.Text type="secondary">
                    {m.role[user.role]}
                    {user.unit ? ` · ${user.unit.name}` : ''}
                  </Typography.Text>
                )}
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Dropdown>
            <NotificationBell showAllLink={(menu as readonly NavKey[]).includes('supervision')} />
            <Button size="small" icon={<TranslationOutlined />} title={m.nav.language} aria-label={m.nav.language} onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {narrow ? null : m.nav.language}
            </Button>
            <Button
              size="small"
              icon={<LogoutOutlined />}
              title={m.nav.signOut}
              aria-label={m.nav.signOut}
              onClick={async () => {
                await signOut();
                navigate('/login', { replace: true });
              }}
            >
              {narrow ? null : m.nav.signOut}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <Modal open={dialog !== null} title={dialog ? dialogs[dialog].title : undefined} footer={null} onCancel={() => setDialog(null)} destroyOnHidden width={560}>
        {dialog && dialogs[dialog].body}
      </Modal>
    </Layout>
  );
};
