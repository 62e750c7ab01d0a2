import nodemailer from 'nodemailer';

export interface MailMessage {
  /** The outbox id: sent as the Message-ID, so a receiver can recognise a resend. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** How mail leaves the outbox: SMTP in production, the dev mailbox (the outbox table itself) otherwise. */
export interface MailTransport {
  readonly name: string;
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

/** Keeps mail in the outbox for the /dev/mail page instead of sending it anywhere. */
export const devMailboxTransport: MailTransport = {
  name: 'dev-mailbox',
  async send() {},
};

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(pooled(url));
  const domain = from.split('@')[1]?.replace(/>.*$/, '') ?? 'tollgate.local';
  return {
    name: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.id}@${domain}>`,
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * Keep SMTP connections open between mails (nodemailer's pool): a connection, greeting and login per
 * mail held a worker to a few mails a second. Settings in the URL (`?pool=false`) still win.
 */
function pooled(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('pool')) parsed.searchParams.set('pool', 'true');
  if (!parsed.searchParams.has('maxConnections')) parsed.searchParams.set('maxConnections', '2');
  return parsed.toString();
}

export const createMailer = (config: { smtpUrl: string | undefined; mailFrom: string }): MailTransport =>
  config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : devMailboxTransport;
