// Building DOM nodes without innerHTML: every text from the API goes in as text, never as markup.

type Child = Node | string | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/** A key figure: a label and its value, with an optional tone (good, warn, bad) for status colours. */
export interface Kpi { readonly id: string; readonly label: string; readonly value: string; readonly tone?: 'good' | 'warn' | 'bad' }

export function kpiList(kpis: readonly Kpi[]): HTMLElement {
  return h('dl', { class: 'kpis' }, kpis.map((k) => h('div', { class: `kpi${k.tone ? ` tone-${k.tone}` : ''}`, attrs: { 'data-kpi': k.id } }, [
    h('dt', { text: k.label }),
    h('dd', { text: k.value }),
  ])));
}
