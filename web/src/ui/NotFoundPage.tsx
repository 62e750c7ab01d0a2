import { Link } from 'react-router';
import { Page } from './Page';

export function NotFoundPage() {
  return (
    <Page title="Page not found" width="narrow" lead="There is nothing at this address.">
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
