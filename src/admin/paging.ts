import { z } from 'zod';

/** `?page&pageSize` of every admin list: pages count from 1, 25 rows by default, 100 at most. */
export const pageQuery = {
  page: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100).default(25),
};

export interface Page {
  page: number;
  pageSize: number;
}

export const offsetOf = (p: Page) => (p.page - 1) * p.pageSize;

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
