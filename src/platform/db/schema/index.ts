export * from './accounts.ts';
export * from './email.ts';
export * from './billing.ts';
export * from './webhooks.ts';
export * from './admin.ts';
