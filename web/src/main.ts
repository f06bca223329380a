// The dashboard shell: sign-in with an API key (kept in this tab's sessionStorage only), the view for the key's kind
// of organization, the period and the language.
import { ApiError, NETWORK, apiFor, type Viewer } from './api';
import { ChartBoard } from './charts';
import { h } from './dom';
import { ViewerDocument, type OrganizationKind } from './generated/graphql';
import { LANGS, defaultLang, isLang, translator, type Lang, type MessageKey, type Translator } from './i18n';
import { periodChoices } from './periods';
import { collectorView } from './views/collector';
import { platformView } from './views/platform';
import { producerView } from './views/producer';
import { regulatorView } from './views/regulator';
import type { View } from './views/view';

const KEY_STORAGE = 'greenloop.apiKey';
const LANG_STORAGE = 'greenloop.lang';

const VIEWS: Record<OrganizationKind, View> = {
  REGULATOR: regulatorView,
  PRODUCER: producerView,
  PLATFORM: platformView,
  COLLECTOR: collectorView,
};

/** sessionStorage, or nothing where the browser refuses it (then the key lives only as long as the page). */
const session = {
  get: (name: string): string | null => {
    try {
      return window.sessionStorage.getItem(name);
    } catch {
      return null;
    }
  },
  set: (name: string, value: string | null): void => {
    try {
      if (value === null) window.sessionStorage.removeItem(name);
      else window.sessionStorage.setItem(name, value);
    } catch {
      // nothing to keep it in: the key is asked for again on the next load
    }
  },
};

type Notice = { readonly message: MessageKey } | { readonly error: ApiError };

interface State {
  lang: Lang;
  key: string | null;
  viewer: Viewer | null;
  period: string;
  notice: Notice | null;
  checking: boolean;
}

const now = new Date();
const storedLang = session.get(LANG_STORAGE);
const state: State = {
  lang: isLang(storedLang) ? storedLang : defaultLang(navigator.languages.length > 0 ? navigator.languages : [navigator.language]),
  key: session.get(KEY_STORAGE),
  viewer: null,
  period: periodChoices(now)[0]?.period ?? String(now.getUTCFullYear()),
  notice: null,
  checking: false,
};

const root = document.getElementById('app') ?? document.body;
let board: ChartBoard | null = null;
/** Bumped on every render: loads that finish after a newer render are dropped. */
let generation = 0;

function render(): void {
  generation += 1;
  board?.dispose();
  board = null;
  const tr = translator(state.lang);
  document.documentElement.lang = state.lang;
  document.title = tr.t('app.title');
  root.dataset.view = state.viewer ? state.viewer.kind : 'sign-in';
  root.replaceChildren(header(tr), state.viewer ? dashboard(tr, state.viewer) : signInForm(tr));
}

function header(tr: Translator): HTMLElement {
  const lang = h('select', { attrs: { id: 'lang', name: 'lang' } }, LANGS.map((l) => {
    const option = h('option', { text: l.label, attrs: { value: l.lang } });
    option.selected = l.lang === state.lang;
    return option;
  }));
  lang.addEventListener('change', () => {
    if (!isLang(lang.value)) return;
    state.lang = lang.value;
    session.set(LANG_STORAGE, lang.value);
    render();
  });
  const controls: HTMLElement[] = [h('label', { class: 'control' }, [h('span', { text: tr.t('lang.label') }), lang])];
  if (state.viewer) {
    const period = h('select', { attrs: { id: 'period', name: 'period' } }, periodChoices(now).map((choice) => {
      const option = h('option', { text: tr.t(choice.label, { period: choice.period }), attrs: { value: choice.period } });
      option.selected = choice.period === state.period;
      return option;
    }));
    period.addEventListener('change', () => {
      state.period = period.value;
      render();
    });
    const signOut = h('button', { text: tr.t('signOut'), attrs: { type: 'button', id: 'sign-out' } });
    signOut.addEventListener('click', () => { signOutWith(null); });
    controls.unshift(h('label', { class: 'control' }, [h('span', { text: tr.t('period.label') }), period]));
    controls.push(signOut);
  }
  return h('header', { class: 'top' }, [
    h('div', { class: 'brand' }, [
      h('h1', { text: tr.t('app.title') }),
      h('p', { class: 'tagline', text: state.viewer ? tr.t('signedInAs', { name: state.viewer.name, kind: tr.label('kind', state.viewer.kind) }) : tr.t('app.tagline'), attrs: { id: 'whoami' } }),
    ]),
    h('div', { class: 'controls' }, controls),
  ]);
}

function noticeBox(tr: Translator, notice: Notice): HTMLElement {
  const text = 'message' in notice ? tr.t(notice.message) : errorText(tr, notice.error);
  return h('p', { class: 'error', text, attrs: { role: 'alert', id: 'sign-in-error', 'data-code': 'error' in notice ? notice.error.code : notice.message } });
}

function errorText(tr: Translator, error: ApiError): string {
  return error.code === NETWORK ? tr.t('error.network') : tr.t('error.api', { message: error.message, code: error.code });
}

function signInForm(tr: Translator): HTMLElement {
  const input = h('input', { attrs: { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: '', 'aria-describedby': 'api-key-hint' } });
  const submit = h('button', { text: state.checking ? tr.t('signIn.checking') : tr.t('signIn.submit'), attrs: { type: 'submit' } });
  submit.disabled = state.checking;
  const form = h('form', { class: 'sign-in', attrs: { 'aria-label': tr.t('signIn.heading') } }, [
    h('h2', { text: tr.t('signIn.heading') }),
    h('label', { text: tr.t('signIn.keyLabel'), attrs: { for: 'api-key' } }),
    input,
    h('p', { class: 'hint', text: tr.t('signIn.keyHint'), attrs: { id: 'api-key-hint' } }),
    submit,
    state.notice ? noticeBox(tr, state.notice) : null,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key === '') {
      state.notice = { message: 'signIn.empty' };
      render();
      return;
    }
    void signIn(key);
  });
  return h('main', { class: 'center' }, [form]);
}

/** Asks the API whose key this is; only a key it accepts is kept. */
async function signIn(key: string): Promise<void> {
  state.checking = true;
  state.notice = null;
  render();
  try {
    const { viewer } = await apiFor(key)(ViewerDocument);
    state.key = key;
    state.viewer = viewer;
    session.set(KEY_STORAGE, key);
  } catch (error) {
    state.key = null;
    state.viewer = null;
    session.set(KEY_STORAGE, null);
    state.notice = refusal(error);
  } finally {
    state.checking = false;
  }
  render();
}

function refusal(error: unknown): Notice {
  if (!(error instanceof ApiError)) return { error: new ApiError(String(error), 'CLIENT') };
  if (error.code === 'UNAUTHENTICATED') return { message: 'signIn.refused' };
  if (error.code === 'FORBIDDEN') return { message: 'signIn.operator' };
  return { error };
}

function signOutWith(notice: Notice | null): void {
  state.key = null;
  state.viewer = null;
  state.notice = notice;
  session.set(KEY_STORAGE, null);
  render();
}

function dashboard(tr: Translator, viewer: Viewer): HTMLElement {
  const key = state.key ?? '';
  const current = generation;
  const charts = new ChartBoard(tr);
  board = charts;
  const sections = VIEWS[viewer.kind]({ api: apiFor(key), tr, board: charts, viewer, period: state.period, now });
  const main = h('main', { class: 'dashboard', attrs: { 'data-kind': viewer.kind } });
  for (const section of sections) {
    const placeholder = h('div', { class: 'loading', text: tr.t('loading'), attrs: { 'data-section': section.id, 'aria-busy': 'true' } });
    main.append(placeholder);
    section.load().then(
      (content) => {
        if (current !== generation) return;
        const nodes: readonly HTMLElement[] = content instanceof HTMLElement ? [content] : content;
        placeholder.replaceWith(...nodes);
        charts.mount();
      },
      (error: unknown) => {
        if (current !== generation) return;
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
          signOutWith({ message: 'signIn.expired' });
          return;
        }
        placeholder.replaceWith(failure(tr, section.id, error));
      },
    );
  }
  return main;
}

/** A section that could not load says why, in its place, with a way to try again. */
function failure(tr: Translator, sectionId: string, error: unknown): HTMLElement {
  const apiError = error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), 'CLIENT');
  const retry = h('button', { text: tr.t('error.retry'), attrs: { type: 'button' } });
  retry.addEventListener('click', render);
  return h('div', { class: 'error panel', attrs: { role: 'alert', 'data-section': sectionId, 'data-code': apiError.code } }, [
    h('p', { text: errorText(tr, apiError) }),
    retry,
  ]);
}

/** A key kept from earlier in this tab is checked again before anything is shown with it. */
async function resume(key: string): Promise<void> {
  state.checking = true;
  render();
  try {
    const { viewer } = await apiFor(key)(ViewerDocument);
    state.viewer = viewer;
    state.checking = false;
    render();
  } catch (error) {
    state.checking = false;
    const notice = refusal(error);
    signOutWith('message' in notice && notice.message === 'signIn.refused' ? { message: 'signIn.expired' } : notice);
  }
}

if (state.key) void resume(state.key);
else render();
