/** Minor units → "$9.00", using the currency's own number of decimals (JPY has none). */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = moneyFormats.get(code);
  if (!format)
    moneyFormats.set(code, (format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code })));
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

// One formatter for all: building one per call costs more than the rest of a template.
const dateFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});
export const formatDate = (date: Date) => dateFormat.format(date);

export const greeting = (name: string | null) => (name ? `Hi ${name},` : 'Hi,');
