import { Navigate } from 'react-router';

/** Stripe's cancel_url: nothing was charged, so return to pricing and say so there. */
export function CancelPage() {
  return (
    <Navigate to="/pricing" replace state={{ notice: 'Checkout was canceled. You have not been charged.' }} />
  );
}
