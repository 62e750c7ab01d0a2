import { NavLink, Outlet } from 'react-router';

const links = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/payments', label: 'Payments' },
  { to: '/admin/webhooks', label: 'Webhook events' },
  { to: '/admin/emails', label: 'E-mail outbox' },
  { to: '/admin/audit-log', label: 'Audit log' },
  { to: '/admin/dev', label: 'Dev tools' },
];

export function AdminLayout() {
  return (
    <div className="admin">
      <nav className="admin__nav" aria-label="Admin">
        <ul>
          {links.map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} end={link.end}>
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin__content">
        <Outlet />
      </div>
    </div>
  );
}
