import type { CommandHint, CommandOptionHint, InteractionEvent, ParseResponse } from '../../src/playground/protocol.ts';
import { request, showError } from './api.ts';
import { byId, el } from './dom.ts';
import { channelById, clock, currentMember, state, timedOutUntil } from './state.ts';

/** User (6) and mentionable (9) options offer members. */
const USER_TYPES = new Set([6, 9]);

type Item =
  | { kind: 'command'; entry: CommandHint }
  | { kind: 'options'; entry: CommandHint }
  | { kind: 'value'; label: string; detail: string; insert: string; choice: boolean }
  | { kind: 'status'; text: string; testid: string };

interface Suggestions {
  title: string;
  items: Item[];
  entry?: CommandHint;
  filled?: Set<string>;
  active?: CommandOptionHint | undefined;
  /** The token being typed (replaced when a value is accepted). */
  current: string;
}

/** An autocomplete request the bot is answering (or has answered) for the text typed so far. */
interface Remote {
  key: string;
  id: string | null;
  status: 'loading' | 'done' | 'failed';
  choices: { name: string; value: string | number }[];
}

const ac = {
  items: [] as Item[],
  index: 0,
  dismissed: null as string | null,
  remote: null as Remote | null,
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  /** Autocomplete answers that arrived before the request that started them returned its interaction id. */
  early: new Map<string, InteractionEvent>(),
};

const input = (): HTMLInputElement => byId<HTMLInputElement>('input');
const quote = (text: string): string => (/\s/.test(text) ? `"${text}"` : text);
const lower = (s: string): string => s.toLowerCase();

/** The hint under the composer; a timed-out member is told why they cannot send. */
export function renderComposer(): void {
  const channel = channelById(state.channelId);
  const until = timedOutUntil(currentMember());
  input().placeholder = channel ? `Message #${channel.name}` : 'Pick a channel';
  const hint = byId('hint');
  hint.classList.toggle('warn', Boolean(until));
  if (until) {
    hint.textContent = `You are timed out until ${clock(until)}: you can read but not send messages.`;
  } else {
    hint.replaceChildren(
      'Type ',
      el('code', {}, '/'),
      ' for commands · ',
      el('code', {}, 'name++'),
      ' gives karma · Enter sends',
    );
  }
}

/** Finds the option a typed `name:` refers to (by its name in the viewer's locale, or its default name). */
function optionNamed(entry: CommandHint, name: string | undefined): CommandOptionHint | undefined {
  if (name === undefined) return undefined;
  return entry.options.find((o) => lower(o.label) === lower(name) || o.name === lower(name));
}

/** What the picker should show for the current input, or null. */
function suggestions(): Suggestions | null {
  const value = input().value;
  const commands = state.guild?.commands ?? [];
  if (!value.startsWith('/') || value.includes('\n') || ac.dismissed === value) return null;
  const typed = value.slice(1);
  const entry = commands
    .filter((c) => lower(typed).startsWith(`${lower(c.label)} `))
    .sort((a, b) => b.label.length - a.label.length)[0];
  if (!entry) {
    const query = lower(typed.trimStart());
    const items: Item[] = commands
      .filter((c) => lower(c.label).startsWith(query))
      .map((c) => ({ kind: 'command', entry: c }));
    return items.length ? { title: query ? `Commands matching /${query}` : 'Commands', items, current: '' } : null;
  }
  // Options: which are given (by name or position), which one is being typed, which comes next.
  const rest = typed.slice(entry.label.length + 1);
  const tokens = rest.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
  const current = /\s$/.test(rest) || rest === '' ? '' : (tokens.pop() ?? '');
  // Mirrors the emulator's parser: a named string option also takes the words after it.
  const named = new Set<string>();
  let positional = 0;
  let open: CommandOptionHint | null = null;
  for (const token of tokens) {
    const option = optionNamed(entry, /^([^\s:]+):/u.exec(token)?.[1]);
    if (option) named.add(option.name);
    else if (!open) positional++;
    if (option) open = option.type === 3 ? option : null;
  }
  const free = entry.options.filter((o) => !named.has(o.name));
  const filled = new Set([...named, ...free.slice(0, positional).map((o) => o.name)]);
  const typing = /^([^\s:]+):(.*)$/su.exec(current);
  const option = typing ? optionNamed(entry, typing[1]) : undefined;
  const continuing = current && !typing && open;
  const active = option ?? (continuing ? open : entry.options.find((o) => !filled.has(o.name)));
  const base = { entry, filled, active: active ?? undefined, current };
  const focused = option ?? (current && !typing && active && !continuing ? active : undefined);
  if (focused?.autocomplete) {
    return { ...base, title: `${focused.label} — ${focused.description}`, items: remoteItems(focused, value) };
  }
  if (option && typing) {
    const values = valueSuggestions(option, typing[2] ?? '');
    if (values.length) return { ...base, title: `${option.label} — ${option.description}`, items: values };
  }
  return { ...base, title: `/${entry.label}`, items: [{ kind: 'options', entry }] };
}

/** Choices the bot suggested for the text typed so far, asking for them when the text changed. */
function remoteItems(option: CommandOptionHint, text: string): Item[] {
  const key = `${state.channelId}|${state.memberId}|${option.name}|${text}`;
  if (ac.remote?.key !== key) {
    ac.remote = { key, id: null, status: 'loading', choices: [] };
    clearTimeout(ac.timer);
    // Like Discord's client: ask once the member pauses typing, not on every keystroke.
    ac.timer = setTimeout(() => void requestChoices(option, text, key), 250);
  }
  const remote = ac.remote;
  if (remote.status === 'loading')
    return [{ kind: 'status', text: 'Loading options…', testid: 'autocomplete-loading' }];
  if (remote.status === 'failed')
    return [{ kind: 'status', text: 'Loading options failed', testid: 'autocomplete-failed' }];
  if (!remote.choices.length)
    return [{ kind: 'status', text: 'No options match your search', testid: 'autocomplete-empty' }];
  // Discord's picker shows a choice's name only; its value is what gets sent.
  return remote.choices.map((c) => ({
    kind: 'value',
    label: c.name,
    detail: '',
    insert: `${option.label}:${quote(String(c.value))}`,
    choice: true,
  }));
}

/** Sends APPLICATION_COMMAND_AUTOCOMPLETE as the member, as Discord's client does while they type. */
async function requestChoices(option: CommandOptionHint, text: string, key: string): Promise<void> {
  const member = currentMember();
  if (!member?.token || ac.remote?.key !== key) return;
  const parsed = await request<ParseResponse>('POST', '/playground/parse', {
    channel_id: state.channelId,
    text,
    locale: state.locale,
    focused: option.name,
  });
  const body = parsed.ok && parsed.data?.ok ? parsed.data.body : undefined;
  const sent = body ? await request('POST', '/api/v10/interactions', body, member.token) : undefined;
  if (ac.remote?.key !== key) return;
  if (!sent?.ok || !sent.interactionId) {
    ac.remote.status = 'failed';
  } else {
    ac.remote.id = sent.interactionId;
    const early = ac.early.get(sent.interactionId);
    if (early) onAutocomplete(early);
  }
  renderAutocomplete();
}

/** An autocomplete interaction changed: show its choices when it is the one the picker waits for. */
export function onAutocomplete(event: InteractionEvent): void {
  if (event.state === 'pending') return;
  const remote = ac.remote;
  if (!remote || remote.id !== event.id) {
    ac.early.set(event.id, event);
    if (ac.early.size > 20) ac.early.delete(ac.early.keys().next().value ?? '');
    return;
  }
  remote.status = event.state === 'failed' ? 'failed' : 'done';
  remote.choices = event.choices ?? [];
  renderAutocomplete();
}

function valueSuggestions(option: CommandOptionHint, partial: string): Item[] {
  const guild = state.guild;
  if (!guild) return [];
  const q = lower(partial.replace(/^["@#]/, ''));
  const value = (label: string, detail: string, insert: string): Item => ({
    kind: 'value',
    label,
    detail,
    insert: `${option.label}:${insert}`,
    choice: false,
  });
  let all: Item[] = [];
  if (USER_TYPES.has(option.type)) all = guild.members.map((m) => value(m.name, `@${m.username}`, `@${m.username}`));
  if (option.type === 8 || option.type === 9)
    all.push(...guild.roles.map((r) => value(`@${r.name}`, 'role', quote(`@${r.name}`))));
  if (option.type === 7) all = guild.channels.map((c) => value(`#${c.name}`, c.topic ?? '', `#${c.name}`));
  if (option.choices.length) all = option.choices.map((c) => value(c, '', quote(c)));
  if (option.type === 5) all = ['true', 'false'].map((b) => value(b, '', b));
  return all
    .filter(
      (s) =>
        s.kind === 'value' &&
        (lower(s.label.replace(/^[@#]/, '')).startsWith(q) || lower(s.detail).startsWith(`@${q}`)),
    )
    .slice(0, 10);
}

function optionChip(option: CommandOptionHint, s: Partial<Suggestions>): HTMLElement {
  const classes = [
    'ac-opt',
    option.required && 'required',
    s.filled?.has(option.name) && 'filled',
    s.active === option && 'active',
  ];
  return el('span', { class: classes.filter(Boolean).join(' '), title: option.description }, option.label);
}

function row(item: Item, i: number, s: Suggestions): HTMLElement {
  const attrs = {
    class: 'ac-item',
    role: 'option',
    'data-index': i,
    'aria-selected': String(i === ac.index),
    id: `ac-${i}`,
  };
  switch (item.kind) {
    case 'status':
      return el('div', { class: 'ac-status', 'data-testid': item.testid }, item.text);
    case 'value':
      return el(
        'div',
        { ...attrs, 'data-testid': item.choice ? 'autocomplete-choice' : 'value-option' },
        el('span', { class: 'ac-name' }, item.label),
        el('span', { class: 'ac-desc' }, item.detail),
      );
    default:
      return el(
        'div',
        { ...attrs, 'data-testid': 'command-option' },
        el('span', { class: 'ac-name' }, `/${item.entry.label}`),
        el(
          'span',
          { class: 'ac-opts' },
          ...item.entry.options.map((o) => optionChip(o, item.kind === 'options' ? s : {})),
        ),
        el('span', { class: 'ac-desc' }, item.entry.description),
      );
  }
}

/** Draws the picker above the composer (commands, their options, values, or the bot's autocomplete choices). */
export function renderAutocomplete(): void {
  const box = byId('autocomplete');
  const s = state.guild ? suggestions() : null;
  ac.items = (s?.items ?? []).filter((i) => i.kind !== 'status');
  if (!s) {
    box.hidden = true;
    input().removeAttribute('aria-activedescendant');
    return;
  }
  ac.index = Math.max(0, Math.min(ac.index, ac.items.length - 1));
  let selectable = 0;
  const rows = s.items.map((item) => row(item, item.kind === 'status' ? -1 : selectable++, s));
  const help =
    s.items[0]?.kind === 'options'
      ? el(
          'div',
          { class: 'ac-help' },
          s.active
            ? `${s.active.label}${s.active.required ? '' : ' (optional)'}: ${s.active.description} — Tab adds it, Enter runs the command`
            : 'Enter runs the command',
        )
      : null;
  box.replaceChildren(el('div', { class: 'ac-title' }, s.title), ...rows, ...(help ? [help] : []));
  box.hidden = false;
  input().setAttribute('aria-activedescendant', `ac-${ac.index}`);
  box.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}

function setInput(value: string): void {
  const field = input();
  field.value = value;
  field.focus();
  field.setSelectionRange(value.length, value.length);
  ac.index = 0;
  renderAutocomplete();
}

/** Applies the selected suggestion; returns false when there was nothing to apply. */
function acceptSuggestion(index = ac.index): boolean {
  const s = suggestions();
  const item = s?.items.filter((i) => i.kind !== 'status')[index];
  if (!s || !item) return false;
  const value = input().value;
  if (item.kind === 'command') {
    const first = item.entry.options.find((o) => o.required);
    setInput(`/${item.entry.label} ${first ? `${first.label}:` : ''}`);
    return true;
  }
  if (item.kind === 'value') {
    setInput(`${value.slice(0, value.length - s.current.length)}${item.insert} `);
    return true;
  }
  if (!s.active || s.filled?.has(s.active.name) || s.current.startsWith(`${s.active.label}:`)) return false;
  const base = value.slice(0, value.length - s.current.length);
  setInput(`${base}${s.current ? `${s.current} ` : ''}${s.active.label}:`);
  return true;
}

/** Sends a chat message or, for `/…`, the slash command as an interaction (in the viewer's locale). */
async function send(text: string): Promise<void> {
  const member = currentMember();
  if (!member?.token || !state.channelId) return showError('Pick a member and a channel first.');
  if (text.startsWith('/')) {
    const parsed = await request<ParseResponse>('POST', '/playground/parse', {
      channel_id: state.channelId,
      text,
      locale: state.locale,
    });
    if (!parsed.ok) return showError(parsed.error);
    if (!parsed.data?.ok) return showError(parsed.data?.error ?? 'Could not read the command.');
    const sent = await request('POST', '/api/v10/interactions', parsed.data.body, member.token);
    if (!sent.ok) return showError(sent.error);
  } else {
    const sent = await request(
      'POST',
      `/api/v10/channels/${state.channelId}/messages`,
      { content: text },
      member.token,
    );
    if (!sent.ok) return showError(sent.error);
  }
  showError();
  setInput('');
}

/** Wires the composer's input, keys and picker. */
export function setUpComposer(): void {
  const field = input();
  field.addEventListener('input', () => {
    ac.index = 0;
    renderAutocomplete();
  });
  // Late enough for a click on a suggestion to land first; and not at all if the input has the focus back by then
  // (a click on Send, then typing again at once), or the list would vanish under the user's typing.
  field.addEventListener('blur', () =>
    setTimeout(() => {
      if (document.activeElement !== field) byId('autocomplete').hidden = true;
    }, 150),
  );
  field.addEventListener('focus', () => renderAutocomplete());
  field.addEventListener('keydown', (event) => {
    const open = !byId('autocomplete').hidden && ac.items.length > 0;
    if (!open) return;
    const n = ac.items.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      ac.index = (ac.index + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
      renderAutocomplete();
    } else if (event.key === 'Tab') {
      event.preventDefault();
      acceptSuggestion();
    } else if (event.key === 'Escape') {
      ac.dismissed = field.value;
      renderAutocomplete();
    } else if (event.key === 'Enter') {
      const item = ac.items[ac.index];
      const exact = item?.kind === 'command' && lower(field.value.trim()) === `/${lower(item.entry.label)}`;
      const needsMore = exact && item.entry.options.some((o) => o.required);
      if (item?.kind === 'value' || (item?.kind === 'command' && (!exact || needsMore))) {
        event.preventDefault();
        acceptSuggestion();
      }
    }
  });
  byId('autocomplete').addEventListener('mousedown', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!target) return;
    event.preventDefault();
    acceptSuggestion(Number(target.dataset.index));
  });
  byId('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (text) void send(text);
  });
}
