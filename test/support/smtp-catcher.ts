import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { freePort } from './stress-processes.ts';

/**
 * A real SMTP server on a fixed loopback port that can be stopped and started again (an outage).
 * It records the Message-ID of every accepted mail; Tollgate sends the outbox id as the Message-ID.
 */
export class SmtpCatcher {
  port = 0;
  readonly messageIds: string[] = [];
  #server: SMTPServer | undefined;

  static async start(): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher();
    catcher.port = await freePort();
    await catcher.up();
    return catcher;
  }

  async up() {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A reverse DNS look-up of 127.0.0.1 per connection made every mail take half a second.
      disableReverseLookup: true,
      onData: (stream, _session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          this.messageIds.push(/^Message-ID:\s*<?([^@>\s]+)/im.exec(raw)?.[1] ?? 'none');
          callback();
        });
      },
    });
    // A sender killed mid-session resets its connection; the server reports it as an `error` event.
    server.on('error', () => {});
    server.listen(this.port, '127.0.0.1');
    await once(server.server, 'listening');
    this.#server = server;
  }

  /** Refuses connections from now on (the port is closed; open sessions are cut). */
  async down() {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** How often each Message-ID arrived. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const id of this.messageIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }
}
