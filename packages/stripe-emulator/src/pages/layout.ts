const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  const value = (amount ?? 0) / 100;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: (currency ?? 'usd').toUpperCase(),
    }).format(value);
  } catch {
    return `${value.toFixed(2)} ${(currency ?? '').toUpperCase()}`;
  }
}

export function day(time: number | null | undefined): string {
  return time ? new Date(time * 1000).toISOString().slice(0, 10) : '—';
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:#f6f8fa;color:#1a1f36}
main{max-width:34rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{width:100%;border-collapse:collapse}td,th{padding:.4rem 0;text-align:left;border-bottom:1px solid #e3e8ee}td.num,th.num{text-align:right}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}input,select{width:100%;padding:.6rem;border:1px solid #c1c9d2;border-radius:6px;font:inherit}
button{margin-top:1rem;padding:.7rem 1.2rem;border:0;border-radius:6px;background:#635bff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#e3e8ee;color:#1a1f36}.row{display:flex;gap:1rem}.row>div{flex:1}
.error{background:#fdecea;color:#a4121a;padding:.75rem;border-radius:6px}.notice{background:#e6f4ea;color:#0d652d;padding:.75rem;border-radius:6px}
.muted{color:#697386;font-size:.9rem}a{color:#635bff}.test{background:#fff4d6;padding:.5rem .75rem;border-radius:6px;font-size:.85rem}
`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}
