import { createServer, type Server, type Socket } from 'node:net';

import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  readonly to: string[];
  readonly raw: string;
  /** the raw message with quoted-printable soft breaks and escapes undone, enough to read links and tokens */
  readonly text: string;
}

function decodeQuotedPrintable(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server on a random local port that keeps every message it accepts (for invitation and reset tests). */
export class MailCatcher {
  readonly messages: CaughtMail[] = [];
  private readonly server: SMTPServer;
  private port = 0;

  /** messages the server refused (`refuseFirst`) */
  refused = 0;

  /**
   * Recipients whose mailbox this server refuses at `RCPT TO` with `550 Mailbox unavailable` (a relay that will not
   * take mail for one address); a test adds and removes addresses while the server runs.
   */
  readonly refuseTo = new Set<string>();

  /**
   * `acceptAfterMs`: how long the server keeps each message before accepting it (a slow mail relay).
   * `refuseFirst`: the first n messages are refused with `550 Mailbox unavailable` (Infinity: every message).
   */
  constructor(private readonly options: { acceptAfterMs?: number; refuseFirst?: number } = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refuseTo.has(address.address.toLowerCase())) return callback();
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('latin1');
          if (this.refused < (this.options.refuseFirst ?? 0)) {
            this.refused++;
            callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
            return;
          }
          const accept = () => {
            this.messages.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              raw,
              text: decodeQuotedPrintable(raw),
            });
            callback();
          };
          if (this.options.acceptAfterMs === undefined) accept();
          else setTimeout(accept, this.options.acceptAfterMs);
        });
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The last message to `address` (and `matching`, where given), waiting because delivery ends after the HTTP answer
   * in most flows (the worker's mail queues): name what the awaited mail holds when an earlier one went to the same
   * address.
   */
  async lastTo(
    address: string,
    timeoutMs = 10_000,
    matching: (message: CaughtMail) => boolean = () => true,
  ): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = [...this.messages]
        .reverse()
        .find((message) => message.to.includes(address) && matching(message));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${address}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * A server that greets, answers EHLO and then drops the connection when the client names its sender: a relay
 * that goes away in the middle of a conversation. Counts the conversations it dropped.
 */
export class DroppingSmtpServer {
  dropped = 0;
  private readonly server: Server = createServer((socket: Socket) => {
    socket.write('220 dropping.test ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      const line = chunk.toString('latin1').toUpperCase();
      if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 dropping.test\r\n');
      else {
        this.dropped++;
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    return `smtp://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The decoded bytes of a mail's attachment named `filename` (nodemailer writes attachments base64-encoded), or
 * undefined when the mail has no such attachment.
 */
export function attachmentOf(mail: CaughtMail, filename: string): Buffer | undefined {
  const parts = mail.raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const [head = '', ...body] = part.split(/\r?\n\r?\n/);
    const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
    const named = new RegExp(
      `filename="?${filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?(;|\\s|$)`,
      'im',
    );
    if (!named.test(unfolded)) continue;
    if (!/Content-Transfer-Encoding:\s*base64/i.test(unfolded)) throw new Error(`${filename} is not base64`);
    const encoded = body.join('\n').split(/\r?\n--/)[0] ?? '';
    return Buffer.from(encoded.replace(/\s+/g, ''), 'base64');
  }
  return undefined;
}

/** The link of an invitation or reset mail: the first portal link that carries `?token=`. */
export function linkIn(mail: CaughtMail): string {
  const match = /https?:\/\/\S+\?token=[A-Za-z0-9_.%-]+/.exec(mail.text);
  if (!match?.[0]) throw new Error(`no link with a token in mail:\n${mail.text}`);
  return match[0];
}

/** The token of the invitation or reset mail's link. */
export function tokenIn(mail: CaughtMail): string {
  const token = new URL(linkIn(mail)).searchParams.get('token');
  if (!token) throw new Error(`no token in mail:\n${mail.text}`);
  return token;
}
