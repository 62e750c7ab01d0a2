export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The maintenance database on the same server, for CREATE/DROP DATABASE. */
export const adminUrl = (url: string) => withDatabaseName(url, 'postgres');
