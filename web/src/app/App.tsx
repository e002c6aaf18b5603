import { LoadingOutlined } from '@ant-design/icons';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { LoginPage } from '../pages/LoginPage.tsx';
import { SetupGate } from './setup-gate.tsx';
import { AuthProvider, useAuth } from './auth.tsx';
import { homePath } from './navigation.ts';
import { Shell } from './Shell.tsx';

const CockpitPage = lazy(() => import('../pages/CockpitPage.tsx'));
const LedgerPage = lazy(() => import('../pages/LedgerPage.tsx'));
const CasePage = lazy(() => import('../pages/CasePage.tsx'));
const RegisterCasePage = lazy(() => import('../pages/RegisterCasePage.tsx'));
const IntakePage = lazy(() => import('../pages/IntakePage.tsx'));
const SupervisionPage = lazy(() => import('../pages/SupervisionPage.tsx'));
const DispatchPage = lazy(() => import('../pages/DispatchPage.tsx'));
const ReportsPage = lazy(() => import('../pages/ReportsPage.tsx'));
const DisclosuresPage = lazy(() => import('../pages/DisclosuresPage.tsx'));
const PublicDisclosuresPage = lazy(() => import('../pages/PublicDisclosuresPage.tsx'));
const CreditPage = lazy(() => import('../pages/CreditPage.tsx'));
const PolicyLibraryPage = lazy(() => import('../pages/PolicyLibraryPage.tsx'));
const NoApplicationListPage = lazy(() => import('../pages/NoApplicationListPage.tsx'));
const EnterprisesPage = lazy(() => import('../pages/EnterprisesPage.tsx'));
const BenefitWindowPage = lazy(() => import('../pages/BenefitWindowPage.tsx'));
const EvaluationPage = lazy(() => import('../pages/EvaluationPage.tsx'));
const FundsPage = lazy(() => import('../pages/FundsPage.tsx'));
const InvestmentProjectsPage = lazy(() => import('../pages/InvestmentProjectsPage.tsx'));
const InvestmentListsPage = lazy(() => import('../pages/InvestmentListsPage.tsx'));
const PromiseTrackingPage = lazy(() => import('../pages/PromiseTrackingPage.tsx'));
const SystemPage = lazy(() => import('../pages/SystemPage.tsx'));
const OrganisationPage = lazy(() => import('../pages/OrganisationPage.tsx'));
const AccountsPage = lazy(() => import('../pages/AccountsPage.tsx'));
const RegistrationsPage = lazy(() => import('../pages/RegistrationsPage.tsx'));
const SecurityPolicyPage = lazy(() => import('../pages/SecurityPolicyPage.tsx'));
const AuditLogPage = lazy(() => import('../pages/AuditLogPage.tsx'));
const EnterpriseRegistrationPage = lazy(() => import('../pages/EnterpriseRegistrationPage.tsx'));
const SetupPage = lazy(() => import('../pages/SetupPage.tsx'));
const PortalPage = lazy(() => import('../portal/PortalPage.tsx'));
const BenefitsPage = lazy(() => import('../portal/BenefitsPage.tsx'));
const SubmitComplaintPage = lazy(() => import('../portal/SubmitComplaintPage.tsx'));

const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

const Page = ({ children }: { children: ReactNode }) => <Suspense fallback={<Loading />}>{children}</Suspense>;

const Home = () => {
  const { user } = useAuth();
  return user ? <Navigate to={homePath(user.role)} replace /> : null;
};

const NoAccess = () => {
  const { m } = useI18n();
  return <Result status="403" title={m.common.forbidden} subTitle={m.app.noCaseWork} />;
};

const NotFound = () => {
  const { m } = useI18n();
  return <Result status="404" title={m.common.notFound} />;
};

export const App = () => {
  const { locale } = useI18n();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      // A busy button shows its spinner without antd's width animation: that animation's leave
      // waits for a transitionend that a quick answer can skip, and the spinner then stays for good.
      button={{ autoInsertSpace: false, loadingIcon: <LoadingOutlined /> }}
      theme={{ token: { colorPrimary: '#b91c1c', fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" } }}
    >
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<SetupGate><LoginPage /></SetupGate>} />
              <Route path="/setup" element={<Page><SetupPage /></Page>} />
              <Route path="/register-enterprise" element={<Page><EnterpriseRegistrationPage /></Page>} />
              <Route path="/public/disclosures/:year" element={<Page><PublicDisclosuresPage /></Page>} />
              <Route element={<Shell />}>
                <Route index element={<Home />} />
                <Route path="cockpit" element={<Page><CockpitPage /></Page>} />
                <Route path="ledger" element={<Page><LedgerPage /></Page>} />
                <Route path="intake" element={<Page><IntakePage /></Page>} />
                <Route path="supervision" element={<Page><SupervisionPage /></Page>} />
                <Route path="dispatch" element={<Page><DispatchPage /></Page>} />
                <Route path="reports" element={<Page><ReportsPage /></Page>} />
                <Route path="disclosures" element={<Page><DisclosuresPage /></Page>} />
                <Route path="credit" element={<Page><CreditPage /></Page>} />
                <Route path="policies" element={<Page><PolicyLibraryPage /></Page>} />
                <Route path="policies/no-application" element={<Page><NoApplicationListPage /></Page>} />
                <Route path="enterprises" element={<Page><EnterprisesPage /></Page>} />
                <Route path="window" element={<Page><BenefitWindowPage /></Page>} />
                <Route path="funds" element={<Page><FundsPage /></Page>} />
                <Route path="evaluation" element={<Page><EvaluationPage /></Page>} />
                <Route path="investment/projects" element={<Page><InvestmentProjectsPage /></Page>} />
                <Route path="investment/tracking" element={<Page><PromiseTrackingPage /></Page>} />
                <Route path="investment/lists" element={<Page><InvestmentListsPage /></Page>} />
                <Route path="system" element={<Page><SystemPage /></Page>} />
                <Route path="organisation" element={<Page><OrganisationPage /></Page>} />
                <Route path="accounts" element={<Page><AccountsPage /></Page>} />
                <Route path="registrations" element={<Page><RegistrationsPage /></Page>} />
                <Route path="security" element={<Page><SecurityPolicyPage /></Page>} />
                <Route path="audit" element={<Page><AuditLogPage /></Page>} />
                <Route path="cases/new" element={<Page><RegisterCasePage /></Page>} />
                <Route path="cases/:id" element={<Page><CasePage /></Page>} />
                <Route path="portal" element={<Page><PortalPage /></Page>} />
                <Route path="portal/policies" element={<Page><BenefitsPage /></Page>} />
                <Route path="portal/new" element={<Page><SubmitComplaintPage /></Page>} />
                <Route path="no-access" element={<NoAccess />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
};
