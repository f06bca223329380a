import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Sent with `text` as multipart/alternative: clients show the richest part they can. */
  readonly html?: string;
  /** Stable across retries so receivers can drop a duplicate. */
  readonly messageId: string;
}

export interface MailTransport {
  /** Where mail goes, for the start-up log. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** `SMTP_URL` when given; otherwise each mail becomes an `.eml` file in `outboxDir` (nodemailer's stream transport). */
export function createMailTransport(smtpUrl: string | null, outboxDir: string): MailTransport {
  if (smtpUrl !== null) {
    const transporter = nodemailer.createTransport(smtpUrl);
    const url = new URL(smtpUrl);
    return {
      description: `SMTP ${url.hostname}:${url.port || '25'}`,
      async send(mail) {
        await transporter.sendMail(mail);
      },
      close() {
        transporter.close();
      },
    };
  }
  const directory = resolve(outboxDir);
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `files in ${directory}`,
    async send(mail) {
      const info = await transporter.sendMail(mail);
      await mkdir(directory, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9-]/g, '_')}.eml`;
      await writeFile(join(directory, name), info.message);
    },
    close() {
      transporter.close();
    },
  };
}
