import type { Billing } from '../../api/types';

/** Feature names the demo premium routes check on the server (API.md: access by feature, not plan name). */
export const features = { report: 'reports', ai: 'ai_generator' } as const;

/**
 * Whether to offer a premium feature. The server has the last word (403 SUBSCRIPTION_INACTIVE); this
 * only avoids calls that would be refused. A paid billing without a feature list counts as access.
 */
export function hasFeature(billing: Billing, feature: string): boolean {
  if (billing.features.includes(feature)) return true;
  return billing.isPro && billing.features.length === 0;
}
