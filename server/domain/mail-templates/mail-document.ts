import { languageTagOf, type MailLocale } from '../mail-locale.js';
import { html, type SafeHtml } from './safe-html.js';

// A mail is written once as a short document of blocks, then rendered twice: as plain text and as HTML for mail
// clients (inline styles only, table layout, no external images or fonts). Both parts say the same thing because
// they come from the same blocks.

/** What a mail producer records and sends: the HTML part is an alternative to the text part, not an addition. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export type MailBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  /** The title of one part of a mail that has several (one period of a closing). */
  | { readonly kind: 'subheading'; readonly text: string }
  /** The one thing the reader should take away, set apart. */
  | { readonly kind: 'highlight'; readonly text: string }
  /** Label and value pairs. */
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [string, string])[] }
  /** A table whose first column names the row; `numeric` columns are right-aligned in HTML. */
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly numeric: readonly boolean[] }
  | { readonly kind: 'list'; readonly items: readonly string[] };

export interface MailDocument {
  readonly locale: MailLocale;
  readonly subject: string;
  /** The line mail clients show after the subject in the inbox; hidden in the body. */
  readonly preheader: string;
  readonly heading: string;
  readonly blocks: readonly MailBlock[];
  /** Why the reader gets this mail. */
  readonly footer: string;
}

const PUNCTUATION: Readonly<Record<MailLocale, { readonly colon: string; readonly semicolon: string }>> = {
  EN: { colon: ': ', semicolon: '; ' },
  ZH_CN: { colon: '：', semicolon: '；' },
};

/** A header holds one line: control characters (a line break could start a header of its own) become spaces. */
const oneLine = (text: string): string => text.replace(/\p{Cc}+/gu, ' ').replace(/ {2,}/g, ' ').trim();

export function renderMail(document: MailDocument): RenderedMail {
  return { subject: oneLine(document.subject), text: renderText(document), html: renderHtml(document) };
}

function renderText(document: MailDocument): string {
  const { colon, semicolon } = PUNCTUATION[document.locale];
  const block = (b: MailBlock): string => {
    switch (b.kind) {
      case 'paragraph':
      case 'highlight':
        return b.text;
      case 'subheading':
        return `${b.text}\n${'='.repeat(40)}`;
      case 'facts':
        return b.rows.map(([label, value]) => `${label}${colon}${value}`).join('\n');
      case 'table':
        // Columns do not line up in plain text (CJK characters are wide): one line per row, each value labelled.
        return b.rows.map((row) => `- ${row[0] ?? ''}${colon}${row.slice(1).map((cell, i) => `${b.head[i + 1] ?? ''} ${cell}`).join(semicolon)}`).join('\n');
      case 'list':
        return b.items.map((item) => `- ${item}`).join('\n');
    }
  };
  // "-- " on a line of its own: mail clients know what follows is a signature, not the message.
  return `${[document.heading, ...document.blocks.map(block)].join('\n\n')}\n\n-- \n${document.footer}\n`;
}

// Styles: one palette, written inline on every element because many mail clients drop <style> blocks.
const FONT = 'font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,PingFang SC,Hiragino Sans GB,Microsoft YaHei,sans-serif;';
const INK = 'color:#1d2b24;';
const MUTED = 'color:#5b6b62;';
const S = {
  body: 'margin:0;padding:0;background-color:#f3f5f2;',
  outer: 'width:100%;background-color:#f3f5f2;border-collapse:collapse;',
  card: 'width:100%;max-width:600px;background-color:#ffffff;border-collapse:collapse;border:1px solid #e1e7e3;',
  brand: `${FONT}padding:20px 28px 0 28px;font-size:14px;font-weight:700;letter-spacing:0.5px;color:#1f7a4d;`,
  cell: 'padding:8px 28px 28px 28px;',
  heading: `${FONT}${INK}margin:0 0 16px 0;font-size:20px;line-height:1.35;font-weight:700;`,
  subheading: `${FONT}${INK}margin:24px 0 12px 0;padding-top:16px;font-size:17px;line-height:1.35;font-weight:700;border-top:1px solid #e1e7e3;`,
  paragraph: `${FONT}${INK}margin:0 0 16px 0;font-size:15px;line-height:1.6;`,
  highlight: `${FONT}${INK}margin:0 0 16px 0;padding:12px 16px;font-size:16px;line-height:1.5;font-weight:700;background-color:#eaf5ee;border-left:4px solid #1f7a4d;`,
  facts: 'margin:0 0 16px 0;border-collapse:collapse;',
  factLabel: `${FONT}${MUTED}padding:4px 16px 4px 0;font-size:14px;vertical-align:top;`,
  factValue: `${FONT}${INK}padding:4px 0;font-size:14px;font-weight:600;vertical-align:top;`,
  table: 'width:100%;margin:0 0 16px 0;border-collapse:collapse;',
  th: `${FONT}${MUTED}padding:6px 8px;font-size:12px;font-weight:600;text-align:left;background-color:#f3f5f2;border-bottom:1px solid #e1e7e3;`,
  thNumeric: `${FONT}${MUTED}padding:6px 8px;font-size:12px;font-weight:600;text-align:right;background-color:#f3f5f2;border-bottom:1px solid #e1e7e3;`,
  td: `${FONT}${INK}padding:6px 8px;font-size:13px;text-align:left;border-bottom:1px solid #e1e7e3;vertical-align:top;`,
  tdNumeric: `${FONT}${INK}padding:6px 8px;font-size:13px;text-align:right;white-space:nowrap;border-bottom:1px solid #e1e7e3;vertical-align:top;`,
  list: `${FONT}${INK}margin:0 0 16px 0;padding:0 0 0 20px;font-size:14px;line-height:1.6;`,
  footer: `${FONT}${MUTED}padding:16px 28px 20px 28px;font-size:12px;line-height:1.5;border-top:1px solid #e1e7e3;`,
  preheader: 'display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;',
} as const;

function htmlBlock(b: MailBlock): SafeHtml {
  switch (b.kind) {
    case 'paragraph':
      return html`<p style="${S.paragraph}">${b.text}</p>`;
    case 'highlight':
      return html`<p style="${S.highlight}">${b.text}</p>`;
    case 'subheading':
      return html`<h2 style="${S.subheading}">${b.text}</h2>`;
    case 'facts':
      return html`<table role="presentation" style="${S.facts}">${b.rows.map(([label, value]) => html`<tr><td style="${S.factLabel}">${label}</td><td style="${S.factValue}">${value}</td></tr>`)}</table>`;
    case 'table':
      return html`<table role="table" style="${S.table}"><thead><tr>${b.head.map((cell, i) => html`<th scope="col" style="${b.numeric[i] ? S.thNumeric : S.th}">${cell}</th>`)}</tr></thead><tbody>${b.rows.map((row) => html`<tr>${row.map((cell, i) => html`<td style="${b.numeric[i] ? S.tdNumeric : S.td}">${cell}</td>`)}</tr>`)}</tbody></table>`;
    case 'list':
      return html`<ul style="${S.list}">${b.items.map((item) => html`<li>${item}</li>`)}</ul>`;
  }
}

function renderHtml(document: MailDocument): string {
  const subject = oneLine(document.subject);
  return '<!DOCTYPE html>\n' + html`<html lang="${languageTagOf(document.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${subject}</title></head><body style="${S.body}"><span style="${S.preheader}">${document.preheader}</span><table role="presentation" style="${S.outer}"><tr><td align="center" style="padding:24px 12px;"><table role="presentation" style="${S.card}"><tr><td style="${S.brand}">GreenLoop</td></tr><tr><td style="${S.cell}"><h1 style="${S.heading}">${document.heading}</h1>${document.blocks.map(htmlBlock)}</td></tr><tr><td style="${S.footer}">${document.footer}</td></tr></table></td></tr></table></body></html>`.markup + '\n';
}
