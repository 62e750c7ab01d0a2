import { Link } from 'react-router';
import { isApiError } from '../../api/errors';

/** Where a 403 SUBSCRIPTION_INACTIVE points; only same-site paths, anything else falls back to pricing. */
export function upgradeUrlOf(error: unknown): string {
  const url = isApiError(error) ? error.body.upgradeUrl : undefined;
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/pricing';
}

export function UpgradeCta({ feature, error }: { feature: string; error?: unknown }) {
  return (
    <div className="upgrade">
      <p>
        <strong>{feature} is a premium feature.</strong>{' '}
        {isApiError(error) ? error.message : 'Upgrade to a paid plan or buy a pass to use it.'}
      </p>
      <Link to={upgradeUrlOf(error)} className="button button--primary">
        See plans
      </Link>
    </div>
  );
}
