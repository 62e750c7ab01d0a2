export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** How mail leaves the outbox: SMTP in production, the dev mailbox (the outbox table itself) otherwise. */
export interface MailTransport {
  readonly name: string;
  send(message: MailMessage): Promise<void>;
}

/** Keeps mail in the outbox for the /dev/mail page instead of sending it anywhere. */
export const devMailboxTransport: MailTransport = {
  name: 'dev-mailbox',
  async send() {},
};
