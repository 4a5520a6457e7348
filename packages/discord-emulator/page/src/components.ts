import type { PlaygroundMessage, ViewButton, ViewEmoji, ViewSelect } from '../../src/playground/protocol.ts';
import { request, showError } from './api.ts';
import { el } from './dom.ts';
import { currentMember, state } from './state.ts';

const BUTTON_STYLES: Record<number, string> = {
  1: 'primary',
  2: 'secondary',
  3: 'success',
  4: 'danger',
  5: 'secondary',
  6: 'premium',
};

/** Re-renders the message list; set by main.ts so a click can show its loading state at once. */
let rerender: () => void = () => undefined;

/** Tells the components which function redraws the messages. */
export function onComponentChange(redraw: () => void): void {
  rerender = redraw;
}

function emoji(e: ViewEmoji | null): HTMLElement | null {
  return e ? el('span', { class: 'component-emoji', 'aria-hidden': 'true' }, e.name) : null;
}

/**
 * A member uses a component the way Discord's client does: `POST /interactions` with type 3 (MESSAGE_COMPONENT),
 * the message id, the custom_id, the component type and, for selects, the chosen values. The button shows its
 * loading state until the bot acknowledges (or the interaction fails).
 */
async function use(m: PlaygroundMessage, customId: string, componentType: number, values?: string[]): Promise<void> {
  const member = currentMember();
  if (!member?.token || !state.guild) return showError('Pick a member first.');
  const sent = await request(
    'POST',
    '/api/v10/interactions',
    {
      type: 3,
      guild_id: state.guild.id,
      channel_id: m.channelId,
      message_id: m.id,
      data: { custom_id: customId, component_type: componentType, ...(values ? { values } : {}) },
    },
    member.token,
  );
  if (!sent.ok) return showError(sent.error);
  showError();
  if (sent.interactionId) state.pendingClicks.set(sent.interactionId, { messageId: m.id, customId });
  rerender();
}

function isPending(messageId: string, customId: string): boolean {
  return [...state.pendingClicks.values()].some((p) => p.messageId === messageId && p.customId === customId);
}

function renderButton(m: PlaygroundMessage, b: ViewButton): HTMLElement {
  const style = BUTTON_STYLES[b.style] ?? 'secondary';
  const content = [emoji(b.emoji), b.label ? el('span', { class: 'button-label' }, b.label) : null];
  if (b.url) {
    return el(
      'a',
      {
        class: `button button-${style}${b.disabled ? ' disabled' : ''}`,
        href: b.disabled ? null : b.url,
        target: '_blank',
        rel: 'noopener noreferrer',
        'data-testid': 'button',
        'aria-disabled': b.disabled,
      },
      ...content,
      el('span', { class: 'button-link-icon', 'aria-hidden': 'true' }, '↗'),
    );
  }
  const pending = b.customId !== null && isPending(m.id, b.customId);
  const button = el(
    'button',
    {
      type: 'button',
      class: `button button-${style}${pending ? ' loading' : ''}`,
      disabled: b.disabled || pending || b.customId === null,
      'data-testid': 'button',
      'data-custom-id': b.customId,
      'aria-busy': pending,
    },
    ...content,
  );
  const customId = b.customId;
  if (customId !== null) button.addEventListener('click', () => void use(m, customId, 2));
  return button;
}

/** The choices of a select: its options, or the guild's members, roles or channels for auto-populated menus. */
function selectChoices(
  s: ViewSelect,
): { value: string; label: string; description: string | null; emoji: ViewEmoji | null; selected: boolean }[] {
  const guild = state.guild;
  const plain = (
    value: string,
    label: string,
  ): { value: string; label: string; description: null; emoji: null; selected: boolean } => ({
    value,
    label,
    description: null,
    emoji: null,
    selected: false,
  });
  switch (s.type) {
    case 3:
      return s.options.map((o) => ({ ...o, selected: o.default }));
    case 5:
      return (guild?.members ?? []).map((u) => plain(u.id, u.name));
    case 6:
      return (guild?.roles ?? []).map((r) => plain(r.id, `@${r.name}`));
    case 8:
      return (guild?.channels ?? []).map((c) => plain(c.id, `#${c.name}`));
    default:
      return [
        ...(guild?.members ?? []).map((u) => plain(u.id, u.name)),
        ...(guild?.roles ?? []).map((r) => plain(r.id, `@${r.name}`)),
      ];
  }
}

/**
 * A select menu like Discord's: a closed box with the placeholder (or the default choices); opening it lists the
 * options. A single choice is sent at once; with max_values above 1 the member ticks options and the choice is sent
 * when the menu closes, as Discord's client does.
 */
function renderSelect(m: PlaygroundMessage, s: ViewSelect): HTMLElement {
  const choices = selectChoices(s);
  const chosen = new Set(choices.filter((c) => c.selected).map((c) => c.value));
  const pending = isPending(m.id, s.customId);
  const summary = (): string =>
    chosen.size
      ? choices
          .filter((c) => chosen.has(c.value))
          .map((c) => c.label)
          .join(', ')
      : (s.placeholder ?? 'Make a selection');
  const label = el('span', { class: `select-value${chosen.size ? '' : ' placeholder'}` }, summary());
  const trigger = el(
    'button',
    {
      type: 'button',
      class: 'select-trigger',
      disabled: s.disabled || pending,
      'aria-haspopup': 'listbox',
      'aria-expanded': 'false',
    },
    label,
    el('span', { class: 'select-chevron', 'aria-hidden': 'true' }, pending ? '…' : '⌄'),
  );
  const multi = s.maxValues > 1;
  const menu = el('div', { class: 'select-menu', role: 'listbox', 'aria-multiselectable': multi, hidden: true });
  const wrap = el(
    'div',
    { class: `select${s.disabled ? ' disabled' : ''}`, 'data-testid': 'select', 'data-custom-id': s.customId },
    trigger,
    menu,
  );
  const initial = [...chosen].sort().join('\n');
  const close = (send: boolean): void => {
    if (menu.hidden) return;
    menu.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', outside, true);
    // Redrawn while open (a new message arrived): this menu is gone, and so is the choice made in it.
    if (!wrap.isConnected) return;
    const values = [...chosen];
    if (send && values.sort().join('\n') !== initial && values.length >= s.minValues && values.length <= s.maxValues)
      void use(m, s.customId, s.type, values);
  };
  const outside = (event: MouseEvent): void => {
    if (!wrap.contains(event.target as Node)) close(true);
  };
  for (const c of choices) {
    const option = el(
      'div',
      {
        class: 'select-option',
        role: 'option',
        'data-testid': 'select-option',
        'data-value': c.value,
        'aria-selected': chosen.has(c.value),
      },
      multi ? el('span', { class: 'select-check', 'aria-hidden': 'true' }) : null,
      emoji(c.emoji),
      el(
        'span',
        { class: 'select-option-text' },
        el('span', { class: 'select-option-label' }, c.label),
        c.description ? el('span', { class: 'select-option-description' }, c.description) : null,
      ),
    );
    option.addEventListener('click', () => {
      if (!multi) {
        chosen.clear();
        chosen.add(c.value);
        return close(true);
      }
      if (chosen.has(c.value)) chosen.delete(c.value);
      else if (chosen.size < s.maxValues) chosen.add(c.value);
      option.setAttribute('aria-selected', String(chosen.has(c.value)));
      label.textContent = summary();
    });
    menu.append(option);
  }
  trigger.addEventListener('click', () => {
    if (!menu.hidden) return close(true);
    menu.hidden = false;
    trigger.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', outside, true);
  });
  return wrap;
}

/** The message's action rows, or null when it has none. */
export function renderComponents(m: PlaygroundMessage): HTMLElement | null {
  if (!m.components.length) return null;
  return el(
    'div',
    { class: 'components', 'data-testid': 'components' },
    ...m.components.map((row) =>
      el(
        'div',
        { class: 'action-row' },
        ...row.map((c) => (c.kind === 'button' ? renderButton(m, c) : renderSelect(m, c))),
      ),
    ),
  );
}
