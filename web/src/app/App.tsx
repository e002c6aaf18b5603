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
import { homePath, type NavKey } from './navigation.ts';
import { usePrefersReducedMotion } from './reduced-motion.ts';
import { NoAccess, RouteGuard } from './RouteGuard.tsx';
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

/** A page behind the shell, for the users whose menu reaches it (RouteGuard), loaded when first opened. */
const Guarded = ({ allow, children }: { allow: readonly NavKey[]; children: ReactNode }) => (
  <RouteGuard allow={allow}>
    <Page>{children}</Page>
  </RouteGuard>
);

/** A case page: for whoever works on cases — staff from the ledger, an enterprise from its portal. */
const CASE_WORK: readonly NavKey[] = ['ledger', 'portal'];

const Home = () => {
  const { user } = useAuth();
  return user ? <Navigate to={homePath(user.role)} replace /> : null;
};

const NotFound = () => {
  const { m } = useI18n();
  return <Result status="404" title={m.common.notFound} />;
};

export const App = () => {
  const { locale } = useI18n();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      // A busy button shows its spinner without antd's width animation: that animation's leave
      // waits for a transitionend that a quick answer can skip, and the spinner then stays for good.
      button={{ autoInsertSpace: false, loadingIcon: <LoadingOutlined /> }}
      theme={{
        // antd's styles come whole from its stylesheet (main.tsx) instead of being generated in the
        // page for each component it draws: a page load costs the browser about a quarter less CPU
        // (docs/BENCHMARKS.md). The tokens below still reach every component as CSS variables.
        zeroRuntime: true,
        token: {
          colorPrimary: '#b91c1c',
          fontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
          // No drawer, dialog or message animations for a user who asked the system for less motion.
          motion: !reducedMotion,
        },
      }}
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
                <Route path="cockpit" element={<Guarded allow={['cockpit']}><CockpitPage /></Guarded>} />
                <Route path="ledger" element={<Guarded allow={['ledger']}><LedgerPage /></Guarded>} />
                <Route path="intake" element={<Guarded allow={['intake']}><IntakePage /></Guarded>} />
                <Route path="supervision" element={<Guarded allow={['supervision']}><SupervisionPage /></Guarded>} />
                <Route path="dispatch" element={<Guarded allow={['dispatch']}><DispatchPage /></Guarded>} />
                <Route path="reports" element={<Guarded allow={['reports']}><ReportsPage /></Guarded>} />
                <Route path="disclosures" element={<Guarded allow={['disclosures']}><DisclosuresPage /></Guarded>} />
                <Route path="credit" element={<Guarded allow={['credit']}><CreditPage /></Guarded>} />
                <Route path="policies" element={<Guarded allow={['policies']}><PolicyLibraryPage /></Guarded>} />
                <Route path="policies/no-application" element={<Guarded allow={['noApplication', 'policies']}><NoApplicationListPage /></Guarded>} />
                <Route path="enterprises" element={<Guarded allow={['enterprises']}><EnterprisesPage /></Guarded>} />
                <Route path="window" element={<Guarded allow={['window']}><BenefitWindowPage /></Guarded>} />
                <Route path="funds" element={<Guarded allow={['funds']}><FundsPage /></Guarded>} />
                <Route path="evaluation" element={<Guarded allow={['evaluation']}><EvaluationPage /></Guarded>} />
                <Route path="investment/projects" element={<Guarded allow={['investmentProjects']}><InvestmentProjectsPage /></Guarded>} />
                <Route path="investment/tracking" element={<Guarded allow={['investmentTracking']}><PromiseTrackingPage /></Guarded>} />
                <Route path="investment/lists" element={<Guarded allow={['investmentLists']}><InvestmentListsPage /></Guarded>} />
                <Route path="system" element={<Guarded allow={['system']}><SystemPage /></Guarded>} />
                <Route path="organisation" element={<Guarded allow={['organisation']}><OrganisationPage /></Guarded>} />
                <Route path="accounts" element={<Guarded allow={['accounts']}><AccountsPage /></Guarded>} />
                <Route path="registrations" element={<Guarded allow={['registrations']}><RegistrationsPage /></Guarded>} />
                <Route path="security" element={<Guarded allow={['security']}><SecurityPolicyPage /></Guarded>} />
                <Route path="audit" element={<Guarded allow={['audit']}><AuditLogPage /></Guarded>} />
                <Route path="cases/new" element={<Guarded allow={['register']}><RegisterCasePage /></Guarded>} />
                <Route path="cases/:id" element={<Guarded allow={CASE_WORK}><CasePage /></Guarded>} />
                <Route path="portal" element={<Guarded allow={['portal']}><PortalPage /></Guarded>} />
                <Route path="portal/policies" element={<Guarded allow={['benefits']}><BenefitsPage /></Guarded>} />
                <Route path="portal/new" element={<Guarded allow={['submit']}><SubmitComplaintPage /></Guarded>} />
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
