import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from './ErrorBoundary';
import { useLogout, useSession } from '../features/auth/session';

const navClass = ({ isActive }: { isActive: boolean }) => `nav__link${isActive ? ' nav__link--active' : ''}`;

export function Layout() {
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const user = session.data ?? null;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <NavLink to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              ◆
            </span>{' '}
            Tollgate
          </NavLink>
          <nav className="nav" aria-label="Main">
            <NavLink to="/pricing" className={navClass}>
              Pricing
            </NavLink>
            {user ? (
              <>
                <NavLink to="/dashboard" className={navClass}>
                  Dashboard
                </NavLink>
                <NavLink to="/billing" className={navClass} end>
                  Billing
                </NavLink>
                {/* Admins only: others never see the console in the navigation. */}
                {user.role === 'admin' ? (
                  <NavLink to="/admin" className={navClass}>
                    Admin
                  </NavLink>
                ) : null}
                <button
                  type="button"
                  className="nav__link nav__button"
                  disabled={logout.isPending}
                  onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/') })}
                >
                  Log out
                </button>
              </>
            ) : session.isPending ? (
              // Keeps the bar's width steady while the session loads.
              <span className="nav__placeholder" aria-hidden="true" />
            ) : (
              <>
                <NavLink to="/login" className={navClass}>
                  Log in
                </NavLink>
                <NavLink to="/register" className="button button--primary button--small">
                  Sign up
                </NavLink>
              </>
            )}
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <footer className="footer">
        <p>Tollgate — subscription billing for SaaS products.</p>
      </footer>
    </div>
  );
}
