/**
 * The playground page: a Discord-like client for the emulator. It loads `/playground/state`, follows
 * `/playground/events` (server-sent events) and acts as the chosen member through the emulator's Discord API,
 * exactly as Discord's client would (`POST /api/v10/...` with the member's token and `X-Discord-Locale`).
 */
import type {
  FailedEvent,
  InteractionEvent,
  PlaygroundMessage,
  PlaygroundState,
} from '../../src/playground/protocol.ts';
import { request, showError } from './api.ts';
import { onComponentChange } from './components.ts';
import { onAutocomplete, renderAutocomplete, renderComposer, setUpComposer } from './composer.ts';
import { avatar, byId, el } from './dom.ts';
import { renderMembers } from './members.ts';
import { refreshRelativeTimes, renderMessages } from './messages.ts';
import { currentMember, setLocale, state } from './state.ts';

/** A locale's own name for itself ("Deutsch", "English (United States)"). */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function localeOptions(selected: string): HTMLOptionElement[] {
  return state.locales.map((code) =>
    el('option', { value: code, selected: code === selected }, `${languageName(code)} · ${code}`),
  );
}

async function loadState(keepMessages: boolean): Promise<void> {
  const data = (await (
    await fetch(`/playground/state?locale=${encodeURIComponent(state.locale)}`)
  ).json()) as PlaygroundState;
  const guild = data.guilds[0];
  state.guild = guild ?? null;
  state.locales = data.locales;
  if (!keepMessages) state.messages = new Map(data.messages.map((m) => [m.id, m]));
  if (!guild) {
    byId('guild-name').textContent = 'No guild yet — seed one with seedPlayground()';
    return;
  }
  byId('guild-name').textContent = guild.name;
  const dashboard = byId('dashboard-link') as HTMLAnchorElement;
  dashboard.hidden = data.dashboardUrl === null;
  if (data.dashboardUrl !== null) dashboard.href = data.dashboardUrl;
  if (!guild.channels.some((c) => c.id === state.channelId)) state.channelId = guild.channels[0]?.id ?? null;
  renderSidebar();
  renderMembers();
  renderMessages();
  renderComposer();
  renderAutocomplete();
}

/** Members a person can chat as: humans with a token; the owner last, so the page opens as an ordinary member. */
function pickable(): NonNullable<typeof state.guild>['members'] {
  return (state.guild?.members ?? [])
    .filter((m) => !m.bot && m.token)
    .sort((a, b) => Number(a.owner) - Number(b.owner) || a.username.localeCompare(b.username));
}

function renderSidebar(): void {
  const guild = state.guild;
  if (!guild) return;
  const people = pickable();
  if (!people.some((m) => m.id === state.memberId)) state.memberId = people[0]?.id ?? null;
  byId('member').replaceChildren(
    ...people.map((m) => {
      const what = m.roles.length ? m.roles.join(', ') : m.owner ? 'owner' : 'no role';
      return el('option', { value: m.id, selected: m.id === state.memberId }, `${m.name} · ${what}`);
    }),
  );
  byId('locale').replaceChildren(...localeOptions(state.locale));
  byId('guild-locale').replaceChildren(...localeOptions(guild.preferredLocale));
  const me = currentMember();
  byId('me-avatar').replaceWith(Object.assign(avatar(me?.id ?? '0', me?.name, 'medium'), { id: 'me-avatar' }));
  byId('channels').replaceChildren(
    el('div', { class: 'section-title' }, 'Text channels'),
    ...guild.channels.map((c) =>
      el(
        'button',
        {
          type: 'button',
          'data-testid': `channel-${c.name}`,
          'data-channel-id': c.id,
          'aria-current': String(c.id === state.channelId),
        },
        el('span', { class: 'hash' }, '#'),
        c.name,
      ),
    ),
  );
}

function onInteraction(event: InteractionEvent): void {
  if (event.kind === 'autocomplete') return onAutocomplete(event);
  if (event.state !== 'pending' && state.pendingClicks.delete(event.id)) renderMessages();
}

function setUp(): void {
  setUpComposer();
  onComponentChange(renderMessages);
  byId<HTMLSelectElement>('member').addEventListener('change', (event) => {
    state.memberId = (event.target as HTMLSelectElement).value;
    renderSidebar();
    renderMembers();
    renderMessages();
    renderComposer();
  });
  // The viewer's language: commands are shown in it and interactions carry it as `locale`.
  byId<HTMLSelectElement>('locale').addEventListener('change', (event) => {
    setLocale((event.target as HTMLSelectElement).value);
    void loadState(true);
  });
  // The server's language (`preferred_locale`), changed as a member with Manage Server would: PATCH /guilds/{id}.
  byId<HTMLSelectElement>('guild-locale').addEventListener('change', (event) => {
    const guild = state.guild;
    const select = event.target as HTMLSelectElement;
    if (!guild) return;
    void request(
      'PATCH',
      `/api/v10/guilds/${guild.id}`,
      { preferred_locale: select.value },
      currentMember()?.token,
    ).then((r) => {
      if (!r.ok) {
        showError(`Changing the server language: ${r.error}`);
        select.value = guild.preferredLocale;
      } else showError();
    });
  });
  byId('channels').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('button[data-channel-id]');
    if (!button) return;
    state.channelId = button.dataset.channelId ?? null;
    for (const b of byId('channels').querySelectorAll('button')) b.setAttribute('aria-current', String(b === button));
    showError();
    renderMessages();
    renderComposer();
  });
  byId('members').addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLElement>('button[data-join]');
    if (!button || !state.guild) return;
    void request('POST', '/playground/join', { guild_id: state.guild.id, user_id: button.dataset.join }).then((r) => {
      if (!r.ok) showError(r.error);
    });
  });

  const events = new EventSource('/playground/events');
  const on = <T>(name: string, handle: (data: T) => void): void =>
    events.addEventListener(name, (event) => handle(JSON.parse((event as MessageEvent<string>).data) as T));
  on<PlaygroundMessage>('message', (m) => {
    state.messages.set(m.id, m);
    renderMessages();
  });
  on<{ id: string }>('delete', (d) => {
    state.messages.delete(d.id);
    renderMessages();
  });
  on<InteractionEvent>('interaction', onInteraction);
  on<FailedEvent>('failed', (f) => {
    if (f.kind === 'autocomplete') return;
    state.failures.push({ ...f, at: Date.now() });
    renderMessages();
  });
  // Member, role, ban and channel changes: reload the guild (not the messages) so the panel shows them live.
  on('state', () => void loadState(true));
  // Timeouts end without any event (as on Discord), so the panel and relative times re-check the clock.
  setInterval(() => {
    if (!state.guild) return;
    renderMembers();
    renderComposer();
    refreshRelativeTimes();
  }, 5_000);
  void loadState(false);
}

setUp();
