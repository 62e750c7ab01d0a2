import type { Billing, Plan, User } from '../api/types';

export const freeBilling: Billing = {
  plan: null,
  tier: 'free',
  isPro: false,
  features: [],
  status: 'none',
  source: null,
  currentPeriodEnd: null,
  accessUntil: null,
  cancelAtPeriodEnd: false,
  trialEnd: null,
  autoRenew: false,
  daysRemaining: null,
  priceId: null,
};

export const proBilling: Billing = {
  plan: { id: 'pro', name: 'Pro' },
  tier: 'pro',
  isPro: true,
  features: ['reports', 'ai_generator'],
  status: 'active',
  source: 'subscription',
  currentPeriodEnd: '2026-12-15T00:00:00.000Z',
  accessUntil: '2026-12-15T00:00:00.000Z',
  cancelAtPeriodEnd: false,
  trialEnd: null,
  autoRenew: true,
  daysRemaining: 20,
  priceId: 'price_pro_month',
};

export function billing(overrides: Partial<Billing>): Billing {
  return { ...proBilling, ...overrides };
}

export function user(overrides: Partial<User> = {}): User {
  return {
    id: 'u_1',
    email: 'ada@example.com',
    name: 'Ada',
    role: 'user',
    createdAt: '2026-01-01T00:00:00.000Z',
    billing: freeBilling,
    ...overrides,
  };
}

export const plans: Plan[] = [
  {
    id: 'free',
    name: 'Free',
    description: 'The basics',
    features: ['basic_tracking'],
    trialDays: 0,
    prices: [],
  },
  {
    id: 'pro',
    name: 'Pro',
    description: 'For individuals',
    features: ['reports', 'ai_generator'],
    trialDays: 14,
    prices: [
      {
        id: 'price_pro_month',
        type: 'recurring',
        interval: 'month',
        amount: 1000,
        currency: 'usd',
        durationDays: null,
      },
      {
        id: 'price_pro_year',
        type: 'recurring',
        interval: 'year',
        amount: 10000,
        currency: 'usd',
        durationDays: null,
      },
      {
        id: 'price_pro_pass',
        type: 'one_time',
        interval: null,
        amount: 500,
        currency: 'usd',
        durationDays: 30,
      },
    ],
  },
  {
    id: 'team',
    name: 'Team',
    description: 'For teams',
    features: ['Everything in Pro', 'Shared workspace'],
    trialDays: 0,
    prices: [
      {
        id: 'price_team_month',
        type: 'recurring',
        interval: 'month',
        amount: 3000,
        currency: 'usd',
        durationDays: null,
      },
      {
        id: 'price_team_year',
        type: 'recurring',
        interval: 'year',
        amount: 30000,
        currency: 'usd',
        durationDays: null,
      },
    ],
  },
];
