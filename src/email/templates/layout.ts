import escapeHtml from 'escape-html';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Tagged template that escapes every interpolated value, so user-supplied text can never become markup. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce(
    (out, part, i) => out + part + (i < values.length ? escapeHtml(String(values[i])) : ''),
    '',
  );
}

/** A single-column, inline-styled layout: what survives the widest range of mail clients. */
export function layout(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2330">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">
<tr><td style="padding:28px 32px;font-size:16px;line-height:1.5">
<p style="margin:0 0 20px;font-weight:700;font-size:18px;color:#3b3fd8">Tollgate</p>
${bodyHtml}
</td></tr></table></td></tr></table></body></html>`;
}

export function button(label: string, url: string): string {
  return html`<p style="margin:24px 0">
    <a
      href="${url}"
      style="display:inline-block;background:#3b3fd8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600"
      >${label}</a
    >
  </p>`;
}
