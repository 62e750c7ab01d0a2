import escapeHtml from 'escape-html';
import type { listDevEmails } from './list-dev-emails.ts';

type Email = Awaited<ReturnType<typeof listDevEmails>>[number];

/** The dev mailbox: every mail the app would have sent, newest first, with its HTML in a sandboxed frame. */
export function mailboxPage(emails: Email[]): string {
  const items = emails
    .map(
      (e) => `<article>
  <header><h2>${escapeHtml(e.subject)}</h2>
  <p class="meta">To <strong>${escapeHtml(e.to)}</strong> · ${escapeHtml(e.kind)} · ${escapeHtml(e.sentAt ?? `${e.status}, queued ${e.createdAt}`)}</p></header>
  <details><summary>Plain text</summary><pre>${escapeHtml(e.text)}</pre></details>
  <iframe title="${escapeHtml(e.subject)}" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(e.html)}"></iframe>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dev mailbox · Tollgate</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1f2330}
main{max-width:820px;margin:0 auto;padding:24px 16px}
article{background:#fff;border-radius:8px;padding:16px 20px;margin:0 0 16px;box-shadow:0 1px 2px #0001}
h1{font-size:22px}h2{font-size:17px;margin:0}.meta{color:#5b6070;font-size:14px;margin:4px 0 8px}
iframe{width:100%;height:360px;border:1px solid #dde;border-radius:6px}pre{white-space:pre-wrap}
</style></head>
<body><main><h1>Dev mailbox</h1>
<p>Mail the app sent in development mode. Nothing here left this machine.</p>
${items || '<p>No mail yet.</p>'}
</main></body></html>`;
}
