import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../ui/NotFoundPage';
import { DevToolsPage } from '../dev/DevToolsPage';
import { AdminLayout } from './AdminLayout';
import { AuditLogPage } from './AuditLogPage';
import { EmailsPage } from './EmailsPage';
import { OverviewPage } from './OverviewPage';
import { PaymentsLogPage } from './PaymentsLogPage';
import { UserDetailPage } from './UserDetailPage';
import { UsersPage } from './UsersPage';
import { WebhookEventsPage } from './WebhookEventsPage';

/** Loaded on demand: customers never download the console or its charting library. */
export default function AdminRoutes() {
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="users/:userId" element={<UserDetailPage />} />
        <Route path="payments" element={<PaymentsLogPage />} />
        <Route path="webhooks" element={<WebhookEventsPage />} />
        <Route path="emails" element={<EmailsPage />} />
        <Route path="audit-log" element={<AuditLogPage />} />
        <Route path="dev" element={<DevToolsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
