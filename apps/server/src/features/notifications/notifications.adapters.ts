import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

/** A message as an adapter sends it. */
export interface OutgoingMessage {
  id: number;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Hands a message to the world. It resolves with a receipt only once the other side has taken
 * the message (the line is written, the SMTP server accepted the recipient, the gateway answered
 * 2xx); anything else throws, and the outbox tries again later.
 */
export interface NotificationAdapter {
  readonly name: string;
  send(m: OutgoingMessage): Promise<string>;
}

/** The default: one JSON line a message in a file (a developer's or a test's inbox). */
export class FileSinkAdapter implements NotificationAdapter {
  readonly name = 'file';
  constructor(
    readonly file: string,
    private readonly now: () => Date,
  ) {}
  async send(m: OutgoingMessage): Promise<string> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const line = JSON.stringify({
      id: m.id,
      channel: m.channel,
      to: m.recipient,
      subject: m.subject,
      body: m.body,
      at: this.now().toISOString(),
    });
    await appendFile(this.file, `${line}\n`, 'utf8');
    return `${path.basename(this.file)}#${m.id}`;
  }
}

/** E-mail through an SMTP server (nodemailer): sent when the server accepted the recipient. */
export class SmtpAdapter implements NotificationAdapter {
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }
  async send(m: OutgoingMessage): Promise<string> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: m.recipient,
      subject: m.subject,
      text: m.body,
    });
    const accepted = (info.accepted ?? []).map((a: string | { address: string }) =>
      typeof a === 'string' ? a : a.address,
    );
    if (!accepted.includes(m.recipient))
      throw new Error(`The SMTP server did not accept ${m.recipient}: ${String(info.response)}`);
    return String(info.messageId);
  }
}

/**
 * Text messages through an SMS gateway over HTTP: POST `{to, text, ref}` as JSON (with a bearer
 * token when one is set); sent when the gateway answers 2xx (its `id`, if it names one, is the receipt).
 */
export class HttpSmsAdapter implements NotificationAdapter {
  readonly name = 'sms-http';
  constructor(
    private readonly url: string,
    private readonly token: string | null,
  ) {}
  async send(m: OutgoingMessage): Promise<string> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ to: m.recipient, text: m.body, ref: `cityloop-${m.id}` }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${text.slice(0, 200)}`);
    try {
      const body = JSON.parse(text) as { id?: unknown };
      if (typeof body.id === 'string' || typeof body.id === 'number') return String(body.id);
    } catch {
      // A gateway that answers 2xx without JSON has still taken the message.
    }
    return `http-${res.status}`;
  }
}
