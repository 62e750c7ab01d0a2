import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AdminGuard } from './features/admin/AdminGuard';
import { LoginPage } from './features/auth/LoginPage';
import { RegisterPage } from './features/auth/RegisterPage';
import { ResetConfirmPage } from './features/auth/ResetConfirmPage';
import { ResetRequestPage } from './features/auth/ResetRequestPage';
import { BillingPage } from './features/billing/BillingPage';
import { RequireAuth } from './features/auth/RequireAuth';
import { CancelPage } from './features/checkout/CancelPage';
import { SuccessPage } from './features/checkout/SuccessPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { LandingPage } from './features/home/LandingPage';
import { PricingPage } from './features/pricing/PricingPage';
import { Layout } from './ui/Layout';
import { NotFoundPage } from './ui/NotFoundPage';
import { ScrollToTop } from './ui/ScrollToTop';
import { Loading } from './ui/States';

// The console (and Recharts) is a separate chunk that only admins download.
const AdminRoutes = lazy(() => import('./features/admin/AdminRoutes'));

export function AppRoutes() {
  return (
    <>
      <ScrollToTop />
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<LandingPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="forgot-password" element={<ResetRequestPage />} />
          <Route path="reset-password" element={<ResetConfirmPage />} />
          <Route path="pricing" element={<PricingPage />} />
          <Route
            path="dashboard"
            element={<RequireAuth>{(user) => <DashboardPage user={user} />}</RequireAuth>}
          />
          <Route path="billing" element={<RequireAuth>{() => <BillingPage />}</RequireAuth>} />
          <Route path="billing/success" element={<RequireAuth>{() => <SuccessPage />}</RequireAuth>} />
          <Route path="billing/cancel" element={<CancelPage />} />
          <Route
            path="admin/*"
            element={
              <AdminGuard>
                <Suspense fallback={<Loading label="Loading the admin console…" minHeight={400} />}>
                  <AdminRoutes />
                </Suspense>
              </AdminGuard>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
