import type { User } from '../platform/db/schema/index.ts';
import { freeBilling, type BillingView } from '../billing/domain/billing-view.ts';

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: 'user' | 'admin';
  createdAt: string;
  billing: BillingView;
}

export const toUserView = (user: User, billing: BillingView = freeBilling()): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
  billing,
});
