import type { PlaygroundMember, PlaygroundPerson } from '../../src/playground/protocol.ts';
import { avatar, byId, el, hex } from './dom.ts';
import { clock, nameColor, roleById, state, timedOutUntil } from './state.ts';

function memberRow(m: PlaygroundMember): HTMLElement {
  const until = timedOutUntil(m);
  const color = nameColor(m.id);
  const sub = el('div', { class: 'sub' });
  if (until)
    sub.append(
      el(
        'span',
        { class: 'pill timeout', 'data-testid': 'timeout-badge', title: new Date(until).toLocaleString(state.locale) },
        `timed out until ${clock(until)}`,
      ),
    );
  if (m.nick) sub.append(el('span', { class: 'pill', 'data-testid': 'nick-badge' }, `nick · @${m.username}`));
  for (const id of m.roleIds) {
    const role = roleById(id);
    if (!role) continue;
    sub.append(
      el(
        'span',
        { class: 'pill', 'data-testid': 'role-pill' },
        el('span', { class: 'dot', style: `background:${role.color ? hex(role.color) : '#80848e'}` }),
        role.name,
      ),
    );
  }
  return el(
    'div',
    {
      class: ['member', until && 'timed-out', m.id === state.memberId && 'you'].filter(Boolean).join(' '),
      'data-testid': 'member-row',
      'data-username': m.username,
      title: m.id === state.memberId ? 'You' : null,
    },
    avatar(m.id, m.name, 'medium'),
    el(
      'div',
      { class: 'who' },
      el(
        'div',
        { class: 'name', style: color ? `color:${color}` : null },
        m.name,
        m.bot ? el('span', { class: 'tag' }, 'APP') : null,
        m.owner ? el('span', { class: 'tag owner' }, 'OWNER') : null,
      ),
      sub.childElementCount ? sub : null,
    ),
  );
}

function goneRow(user: PlaygroundPerson, kind: 'banned' | 'outside'): HTMLElement {
  const sub = el('div', { class: 'sub' });
  if (kind === 'banned') {
    sub.append(el('span', { class: 'pill banned', 'data-testid': 'banned-badge' }, 'banned'));
    if (user.reason) sub.append(el('span', { title: user.reason }, user.reason.slice(0, 40)));
  }
  return el(
    'div',
    {
      class: `member gone ${kind}`,
      'data-testid': kind === 'banned' ? 'banned-row' : 'outside-row',
      'data-username': user.username,
    },
    avatar(user.id, user.name, 'medium'),
    el('div', { class: 'who' }, el('div', { class: 'name' }, user.name), sub.childElementCount ? sub : null),
    kind === 'outside'
      ? el(
          'button',
          { type: 'button', 'data-join': user.id, 'data-testid': 'rejoin', title: 'Join the server again' },
          'Rejoin',
        )
      : null,
  );
}

/** The member list like Discord's: members under their highest hoisted role, the rest under "Members"; then bans. */
export function renderMembers(): void {
  const guild = state.guild;
  const panel = byId('members');
  if (!guild) return panel.replaceChildren();
  const groups = new Map<string, PlaygroundMember[]>(guild.roles.filter((r) => r.hoist).map((r) => [r.id, []]));
  const rest: PlaygroundMember[] = [];
  const members = [...guild.members].sort((a, b) => a.name.localeCompare(b.name));
  for (const m of members) {
    const hoisted = m.roleIds.find((id) => groups.has(id));
    (hoisted ? (groups.get(hoisted) ?? rest) : rest).push(m);
  }
  const nodes: HTMLElement[] = [];
  for (const [id, list] of groups) {
    if (!list.length) continue;
    nodes.push(el('div', { class: 'section-title' }, `${roleById(id)?.name ?? ''} — ${list.length}`));
    nodes.push(...list.map(memberRow));
  }
  if (rest.length)
    nodes.push(el('div', { class: 'section-title' }, `Members — ${rest.length}`), ...rest.map(memberRow));
  if (guild.bans.length) {
    nodes.push(el('div', { class: 'section-title', 'data-testid': 'banned-section' }, `Banned — ${guild.bans.length}`));
    nodes.push(...guild.bans.map((b) => goneRow(b, 'banned')));
  }
  if (guild.outside.length) {
    nodes.push(el('div', { class: 'section-title' }, `Not in server — ${guild.outside.length}`));
    nodes.push(...guild.outside.map((u) => goneRow(u, 'outside')));
  }
  panel.replaceChildren(...nodes);
}
