import { button, html, layout, type RenderedEmail } from './layout.ts';

export function passwordResetEmail(input: { name: string | null; resetUrl: string }): RenderedEmail {
  const greeting = input.name ? `Hi ${input.name},` : 'Hi,';
  const subject = 'Reset your Tollgate password';
  const text = `${greeting}

Someone asked to reset the password of your account. Open this link within one hour to choose a new one:

${input.resetUrl}

If it wasn't you, ignore this e-mail: your password stays as it is.`;
  const body =
    html`<p>${greeting}</p>
      <p>Someone asked to reset the password of your account. The link works once, for one hour.</p>` +
    button('Choose a new password', input.resetUrl) +
    html`<p style="font-size:13px;color:#5b6070">
      If it wasn't you, ignore this e-mail: your password stays as it is.
    </p>`;
  return { subject, text, html: layout(subject, body) };
}
