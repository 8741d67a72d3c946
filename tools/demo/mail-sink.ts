import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SMTPServer } from 'smtp-server';

import type { Started } from './services';

export interface CapturedMail {
  to: string[];
  raw: string;
}

/**
 * The demo's outgoing mail goes to this local SMTP server instead of real inboxes: every message is saved
 * under .data/mail/ and kept in memory, so the seed can follow an invitation link like a person would.
 */
export class MailSink {
  readonly received: CapturedMail[] = [];
  private server: SMTPServer | undefined;

  constructor(private readonly folder: string) {}

  async start(): Promise<{ url: string; started: Started }> {
    mkdirSync(this.folder, { recursive: true });
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const to = session.envelope.rcptTo.map((recipient) => recipient.address);
          this.received.push({ to, raw });
          writeFileSync(join(this.folder, `${Date.now()}-${to.join('_')}.eml`), raw);
          done();
        });
      },
    });
    this.server = server;
    const port = await new Promise<number>((done) => {
      server.listen(0, '127.0.0.1', () => {
        const address = server.server.address();
        done(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
    return {
      url: `smtp://127.0.0.1:${port}`,
      started: {
        description: `mail sink on port ${port} (messages in ${this.folder})`,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      },
    };
  }

  /** Waits for a message to `address` whose text matches `pattern`; answers the first capture group. */
  async waitFor(address: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const mail of this.received) {
        if (!mail.to.includes(address)) continue;
        // Quoted-printable soft line breaks would split a long link.
        const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
        const match = pattern.exec(text);
        if (match?.[1] !== undefined) return match[1];
      }
      await new Promise((wait) => setTimeout(wait, 200));
    }
    throw new Error(`no mail to ${address} matching ${pattern} arrived within ${timeoutMs / 1000} s`);
  }
}
