// HTML built so that nothing interpolated can become markup: the `html` tag escapes every value it is given unless
// the value is itself `SafeHtml` (made by this tag). Names, periods and problem descriptions come from outside.

/** A fragment of markup whose every interpolated value was escaped. */
export class SafeHtml {
  constructor(readonly markup: string) {}
}

export type HtmlValue = SafeHtml | string | number | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute content (quoted): & < > " ' become entities. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`; arrays are joined, SafeHtml is kept as it is. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(markup);
}
