import { formatTimestamp } from '../../src/playground/markdown.ts';
import type { PlaygroundMessage } from '../../src/playground/protocol.ts';
import { renderComponents } from './components.ts';
import { avatar, byId, el } from './dom.ts';
import { renderEmbed } from './embeds.ts';
import { channelById, clock, markdown, nameColor, stamp, state } from './state.ts';

/** Visible to the member the viewer is chatting as: public, or ephemeral for them and not dismissed. */
function visible(m: PlaygroundMessage): boolean {
  return (
    m.channelId === state.channelId && (!m.visibleTo || (m.visibleTo === state.memberId && !state.dismissed.has(m.id)))
  );
}

function context(m: PlaygroundMessage): HTMLElement | null {
  if (m.replyTo) {
    const preview = m.replyTo.deleted
      ? el('span', { class: 'preview' }, el('i', {}, 'Original message was deleted'))
      : markdown(m.replyTo.content, m.replyTo.mentions, 'span', { class: 'preview' });
    return el(
      'div',
      { class: 'context', 'data-testid': 'reply-quote' },
      avatar(m.replyTo.authorId, m.replyTo.author, 'small'),
      el('span', { class: 'who' }, `@${m.replyTo.author}`),
      preview,
    );
  }
  if (m.command) {
    // Discord's client names the command as the viewer knows it, in their language.
    const shown = state.guild?.commands.find((c) => `/${c.path}` === m.command)?.label;
    return el(
      'div',
      { class: 'context', 'data-testid': 'command-context' },
      el('span', { class: 'who' }, m.invokedBy),
      'used',
      el('span', { class: 'cmd' }, shown ? `/${shown}` : m.command),
    );
  }
  return null;
}

/** The eye Discord draws before "Only you can see this". */
function eyeIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'eye');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute(
    'd',
    'M12 5C5.6 5 2 12 2 12s3.6 7 10 7 10-7 10-7-3.6-7-10-7Zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4Z',
  );
  svg.append(path);
  return svg;
}

/** Discord's line under an ephemeral message: only the invoker sees it, and may dismiss it. */
function ephemeralNote(m: PlaygroundMessage): HTMLElement {
  const dismiss = el(
    'button',
    { type: 'button', class: 'link-button', 'data-testid': 'dismiss-message' },
    'Dismiss message',
  );
  dismiss.addEventListener('click', () => {
    state.dismissed.add(m.id);
    renderMessages();
  });
  return el(
    'div',
    { class: 'ephemeral-note', 'data-testid': 'ephemeral-note' },
    eyeIcon(),
    'Only you can see this',
    el('span', { class: 'dot-separator', 'aria-hidden': 'true' }, '·'),
    dismiss,
  );
}

function renderMessage(m: PlaygroundMessage, previous: PlaygroundMessage | null): HTMLElement {
  const continued =
    previous !== null &&
    !m.replyTo &&
    !m.command &&
    previous.authorId === m.authorId &&
    m.timestamp - previous.timestamp < 7 * 60_000;
  const classes = [
    'msg',
    continued && 'continued',
    m.visibleTo && 'ephemeral',
    (m.replyTo || m.command) && 'has-context',
  ];
  const li = el('li', {
    class: classes.filter(Boolean).join(' '),
    'data-testid': 'message',
    'data-author': m.authorUsername,
    'data-message-id': m.id,
    'data-ephemeral': m.visibleTo ? 'true' : null,
  });
  li.append(...[context(m)].filter((n): n is HTMLElement => n !== null));
  if (continued) {
    li.append(el('span', { class: 'gutter-time' }, clock(m.timestamp)));
  } else {
    const color = nameColor(m.authorId);
    li.append(
      avatar(m.authorId, m.author),
      el(
        'div',
        { class: 'msg-header' },
        el('span', { class: 'author', style: color ? `color:${color}` : null }, m.author),
        m.bot ? el('span', { class: 'tag' }, 'APP') : null,
        el('time', { class: 'time', datetime: new Date(m.timestamp).toISOString() }, stamp(m.timestamp)),
      ),
    );
  }
  if (m.thinking) {
    li.append(
      el(
        'div',
        { class: 'thinking', 'data-testid': 'thinking' },
        `${m.author} is thinking`,
        el('span', { class: 'dots' }),
      ),
    );
  } else {
    if (m.content || (!m.embeds.length && !m.components.length)) {
      const body = markdown(m.content, m.mentions, 'div', { class: 'content md', 'data-testid': 'message-content' });
      if (m.edited) body.append(el('span', { class: 'edited', title: 'Edited' }, '(edited)'));
      li.append(body);
    }
    if (m.embeds.length) li.append(el('div', { class: 'embeds' }, ...m.embeds.map((e) => renderEmbed(e, m.mentions))));
    const components = renderComponents(m);
    if (components) li.append(components);
  }
  for (const f of state.failures) {
    if (f.messageId === m.id && f.kind === 'component' && f.userId === state.memberId)
      li.append(el('div', { class: 'interaction-failed', 'data-testid': 'component-failed' }, f.text));
  }
  if (m.visibleTo) li.append(ephemeralNote(m));
  return li;
}

function welcome(name: string): HTMLElement {
  return el(
    'li',
    { class: 'welcome' },
    el('div', { class: 'badge' }, '#'),
    el('h2', {}, `Welcome to #${name}!`),
    el(
      'p',
      {},
      'This is the start of the channel. Say ',
      el('code', {}, 'alice++'),
      ' to give karma, or type ',
      el('code', {}, '/'),
      ' to see what the bot can do. Switch who you are in the bottom left.',
    ),
  );
}

type Item = { at: number; message: PlaygroundMessage } | { at: number; failure: (typeof state.failures)[number] };

/** The channel as the current member sees it, with failed commands of theirs as Discord shows them. */
export function renderMessages(): void {
  const channel = channelById(state.channelId);
  byId('channel-title').textContent = channel ? channel.name : '';
  byId('channel-topic').textContent = channel?.topic ?? '';
  const items: Item[] = [...state.messages.values()].filter(visible).map((m) => ({ at: m.timestamp, message: m }));
  for (const f of state.failures) {
    if (f.channelId !== state.channelId || f.userId !== state.memberId || f.kind !== 'command') continue;
    items.push({ at: f.at, failure: f });
  }
  items.sort((a, b) => a.at - b.at);
  const nodes: HTMLElement[] = channel ? [welcome(channel.name)] : [];
  let previous: PlaygroundMessage | null = null;
  for (const item of items) {
    if ('failure' in item) {
      nodes.push(
        el(
          'li',
          { class: 'system failed', 'data-testid': 'interaction-failed' },
          `/${item.failure.command}: ${item.failure.text}`,
        ),
      );
      previous = null;
    } else {
      nodes.push(renderMessage(item.message, previous));
      previous = item.message;
    }
  }
  const list = byId('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.replaceChildren(...nodes);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/** Keeps `<t:…:R>` timestamps current without re-rendering messages. */
export function refreshRelativeTimes(): void {
  for (const node of document.querySelectorAll<HTMLElement>('time.md-time[data-style="R"]')) {
    node.textContent = formatTimestamp(Number(node.dataset.ts), 'R', { locale: state.locale }) ?? node.textContent;
  }
}
