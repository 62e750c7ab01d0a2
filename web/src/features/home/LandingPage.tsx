import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { Page } from '../../ui/Page';

const points = [
  {
    title: 'Plans and passes',
    text: 'Monthly or yearly subscriptions, free trials and one-time passes for a fixed number of days.',
  },
  {
    title: 'Always in step with Stripe',
    text: 'Every payment, renewal and cancellation is mirrored from Stripe, so access is never guessed.',
  },
  {
    title: 'You stay in control',
    text: 'Change plan with a clear proration preview, cancel in two clicks, download every invoice.',
  },
];

export function LandingPage() {
  const session = useSession();
  return (
    <Page
      title="Billing that stays out of your way"
      lead="Tollgate runs the subscriptions behind this product: choose a plan, pay securely with Stripe, and manage everything yourself."
    >
      <p className="hero__actions">
        <Link to="/pricing" className="button button--primary">
          See plans and pricing
        </Link>
        {session.data ? (
          <Link to="/dashboard" className="button button--secondary">
            Go to your dashboard
          </Link>
        ) : (
          <Link to="/register" className="button button--secondary">
            Create a free account
          </Link>
        )}
      </p>
      <section aria-labelledby="why" className="section">
        <h2 id="why">Why Tollgate</h2>
        <ul className="grid grid--3 plain-list">
          {points.map((point) => (
            <li key={point.title} className="card">
              <h3>{point.title}</h3>
              <p>{point.text}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
