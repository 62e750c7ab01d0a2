/** Full-page navigation to another site (Stripe Checkout, the portal); one seam so tests can observe it. */
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
  origin(): string {
    return window.location.origin;
  },
};
