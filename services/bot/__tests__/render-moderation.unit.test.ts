import { envelope, type ModCase, type Refusal, type WelcomeSettingsUpdated } from '@guildhall/events';
import type { APIEmbed } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { textFor } from '../src/i18n/index.ts';
import { auditText } from '../src/render/audit.ts';
import { Palette } from '../src/render/embed.ts';
import { NoPings } from '../src/render/format.ts';
import { renderResult, type RenderContext } from '../src/render/index.ts';
import {
  renderCaseRecorded,
  renderCasesListed,
  renderModSettings,
  renderReasonUpdated,
} from '../src/render/moderation.ts';
import { refusalText } from '../src/render/refusals.ts';
import { renderMemberGreeted, renderWelcomeSettings } from '../src/render/welcome.ts';

const guildId = '100000000000000001';
const channelId = '100000000000000002';
const logChannelId = '100000000000000007';
const bob = { id: '200000000000000002', displayName: 'Bob @everyone' };
const mod = { id: '200000000000000003', displayName: 'Mod' };
const bot = { id: '200000000000000009', displayName: 'Guildhall' };
const interactionTarget = {
  kind: 'interaction',
  channelId,
  interactionId: '100000000000000004',
  applicationId: '100000000000000005',
  token: 'tok',
} as const;
const now = new Date('2026-01-01T12:00:00.000Z');
const en = { text: textFor('en'), now };
const de = { text: textFor('de'), now };
const at = '2026-01-01T09:00:00.000Z';

function modCase(over: Partial<ModCase> = {}): ModCase {
  return {
    number: 7,
    action: 'ban',
    target: bob,
    channelId: null,
    moderator: mod,
    automatic: false,
    reason: 'spam **links** @everyone',
    durationSeconds: 86_400,
    expiresAt: '2026-01-02T09:00:00.000Z',
    endedAt: null,
    deleteMessageDays: 1,
    purgeCount: null,
    status: 'succeeded',
    error: null,
    detail: {},
    createdAt: at,
    ...over,
  };
}

/** The one embed of a rendered message. */
function embedOf(body: { embeds?: APIEmbed[] }): APIEmbed {
  const [only, ...more] = body.embeds ?? [];
  if (!only || more.length > 0) throw new Error(`expected one embed, got ${JSON.stringify(body)}`);
  return only;
}

/** An embed's fields as `name: value` lines. */
const fieldsOf = (e: APIEmbed) => (e.fields ?? []).map((f) => `${f.name}: ${f.value}`);

describe('a case record', () => {
  it('is an embed: number and action, member, moderator, duration with its end, reason (escaped) and outcome', () => {
    const out = renderCaseRecorded({ case: modCase() }, en);
    const e = embedOf(out);
    expect(e.title).toBe('Case #7 · Ban');
    expect(e.color).toBe(Palette.success);
    expect(e.timestamp).toBe('2026-01-01T09:00:00.000Z');
    expect(fieldsOf(e)).toEqual([
      'Member: <@200000000000000002>',
      'Moderator: <@200000000000000003>',
      'Duration: 24 hours, ends <t:1767344400:R>',
      'Their messages deleted: Of the last 1 day',
      'Reason: spam \\*\\*links\\*\\* @everyone',
      'Outcome: Done',
    ]);
    expect(e.fields?.slice(0, 3).every((f) => f.inline)).toBe(true);
    expect(out.allowed_mentions).toEqual(NoPings);
  });

  it('speaks German', () => {
    const e = embedOf(renderCaseRecorded({ case: modCase({ durationSeconds: null, expiresAt: null }) }, de));
    expect(e.title).toBe('Fall #7 · Bann');
    expect(fieldsOf(e)).toEqual([
      'Mitglied: <@200000000000000002>',
      'Moderiert von: <@200000000000000003>',
      'Dauer: Dauerhaft',
      'Ihre Nachrichten gelöscht: Der letzten 1 Tag',
      'Grund: spam \\*\\*links\\*\\* @everyone',
      'Ergebnis: Erledigt',
    ]);
  });

  it('says why an action failed from its code, in the reader’s language; an old case shows Discord’s text', () => {
    const failed = modCase({
      status: 'failed',
      error: 'Missing Permissions',
      failure: { code: 'discord.rejected', status: 403, discordCode: 50013 },
    });
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: failed }, en)))).toContain(
      'Outcome: Failed. Guildhall is missing a permission for that, or its role is not high enough.',
    );
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: failed }, de)))).toContain(
      'Ergebnis: Fehlgeschlagen. Guildhall fehlt dafür eine Berechtigung, oder seine Rolle steht nicht hoch genug.',
    );
    expect(embedOf(renderCaseRecorded({ case: failed }, en)).color).toBe(Palette.refusal);
    const odd = modCase({ status: 'failed', failure: { code: 'discord.rejected', status: 400, discordCode: 12345 } });
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: odd }, en)))).toContain(
      'Outcome: Failed. Discord refused it (error 12345).',
    );
    // Someone lifted the ban between the command and Discord.
    const unbanned = modCase({
      action: 'unban',
      status: 'failed',
      failure: { code: 'discord.rejected', status: 404, discordCode: 10026 },
    });
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: unbanned }, en))).at(-1)).toBe(
      'Outcome: Failed. That user is not banned (any more).',
    );
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: unbanned }, de))).at(-1)).toBe(
      'Ergebnis: Fehlgeschlagen. Diese Person ist (nicht mehr) gebannt.',
    );
    const old = modCase({ status: 'failed', error: 'Unknown **Member**' });
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: old }, en)))).toContain(
      'Outcome: Failed. Unknown \\*\\*Member\\*\\*',
    );
  });

  it('words an automatic case’s reason code, in English and German', () => {
    const escalation = modCase({
      action: 'timeout',
      automatic: true,
      moderator: bot,
      reason: '',
      reasonCode: { code: 'moderation.escalation', warns: 3, days: 7, lastCase: 6 },
      durationSeconds: 3_600,
      expiresAt: null,
      deleteMessageDays: null,
    });
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: escalation }, en)))).toEqual([
      'Member: <@200000000000000002>',
      'Moderator: <@200000000000000009> (automatic)',
      'Duration: 1 hour',
      'Reason: 3 warnings within 7 days (the last: case #6)',
      'Outcome: Done',
    ]);
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: escalation }, de)))).toContain(
      'Grund: 3 Verwarnungen innerhalb von 7 Tagen (die letzte: Fall #6)',
    );
    const spam = {
      ...escalation,
      reasonCode: { code: 'moderation.antispam.messages', messages: 5, seconds: 10 },
    } as const;
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: spam }, en)))).toContain(
      'Reason: Anti-spam: more than 5 messages within 10 seconds',
    );
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: spam }, de)))).toContain(
      'Grund: Antispam: mehr als 5 Nachrichten innerhalb von 10 Sekunden',
    );
    const expired = {
      ...escalation,
      action: 'unban',
      durationSeconds: null,
      reasonCode: { code: 'moderation.tempban.expired', banCase: 2 },
    } as const;
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: expired }, en)))).toContain(
      'Reason: The temporary ban of case #2 ran out',
    );
  });

  it('tells the moderator what a purge deleted and what it kept (pinned, too old), and when fewer were there', () => {
    const purge = modCase({
      action: 'purge',
      target: null,
      channelId,
      reason: '',
      durationSeconds: null,
      expiresAt: null,
      deleteMessageDays: null,
      purgeCount: 20,
      detail: { deleted: 12, skippedPinned: 1, skippedTooOld: 2 },
    });
    const e = embedOf(renderCaseRecorded({ case: purge }, en));
    expect(e.title).toBe('Case #7 · Purge');
    expect(fieldsOf(e)).toEqual([
      'Channel: <#100000000000000002>',
      'Moderator: <@200000000000000003>',
      [
        'Outcome: 12 messages deleted (asked: the last 20)',
        '1 pinned message kept (pinned messages are never purged)',
        '2 messages older than 14 days kept (Discord cannot bulk-delete them)',
        'Only 15 messages were there before the command',
      ].join('\n'),
    ]);
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: purge }, de))).at(-1)).toBe(
      [
        'Ergebnis: 12 Nachrichten gelöscht (verlangt: die letzten 20)',
        '1 angeheftete Nachricht behalten (angeheftete Nachrichten werden nie gelöscht)',
        '2 Nachrichten älter als 14 Tage behalten (Discord kann sie nicht gesammelt löschen)',
        'Vor dem Befehl waren nur 15 Nachrichten da',
      ].join('\n'),
    );
    const exact = { ...purge, purgeCount: 3, detail: { deleted: 3, skippedPinned: 0, skippedTooOld: 0 } };
    expect(fieldsOf(embedOf(renderCaseRecorded({ case: exact }, en))).at(-1)).toBe(
      'Outcome: 3 messages deleted (asked: the last 3)',
    );
  });
});

describe('case lists', () => {
  const cases = [
    modCase({ number: 12, reason: 'raid' }),
    modCase({ number: 11, action: 'warn', status: 'failed', reason: '' }),
    modCase({
      number: 10,
      action: 'warn',
      automatic: true,
      reason: '',
      reasonCode: { code: 'moderation.antispam.mentions', mentions: 9, limit: 4 },
    }),
  ];

  it('lists the guild’s latest cases, one row each, and says how to get older ones (English and German)', () => {
    const p = { guildId, replyTo: interactionTarget, target: null, total: 40, cases, nextBefore: 10 };
    const e = embedOf(renderCasesListed(p, en));
    expect(e.title).toBe('Latest cases');
    expect(e.description?.split('\n')).toEqual([
      '`#12` **Ban** <@200000000000000002> by <@200000000000000003>, 3 hours ago — raid',
      '`#11` **Warning** <@200000000000000002> by <@200000000000000003>, 3 hours ago · failed',
      '`#10` **Warning** <@200000000000000002> by <@200000000000000003>, 3 hours ago — Anti-spam: 9 mentions in one message (the limit is 4)',
    ]);
    expect(e.footer?.text).toBe('40 cases in all · older ones: /cases before:10');
    const g = embedOf(renderCasesListed(p, de));
    expect(g.title).toBe('Neueste Fälle');
    expect(g.description?.split('\n')[0]).toBe(
      '`#12` **Bann** <@200000000000000002> von <@200000000000000003>, vor 3 Stunden — raid',
    );
    expect(g.footer?.text).toBe('40 Fälle insgesamt · ältere: /fälle before:10');
  });

  it('names the member on their list, ends without a next page, and renders the older v1 shape', () => {
    const last = embedOf(
      renderCasesListed(
        { guildId, replyTo: interactionTarget, target: bob, total: 1, cases: [], nextBefore: null },
        en,
      ),
    );
    expect(last).toMatchObject({
      title: 'Cases of Bob @everyone',
      description: 'No cases.',
      footer: { text: '1 case in all' },
    });
    const v1 = embedOf(renderCasesListed({ guildId, replyTo: interactionTarget, target: bob, total: 3, cases }, en));
    expect(v1.footer?.text).toBe('3 cases in all');
  });
});

describe('reasons, settings', () => {
  it('shows a changed reason: was (an automatic case’s code), now, and who changed it', () => {
    const p = {
      guildId,
      replyTo: interactionTarget,
      logChannelId,
      case: modCase({ reason: 'actually a raid' }),
      previousReason: '',
      previousReasonCode: { code: 'moderation.tempban.expired', banCase: 3 },
      editor: mod,
    } as const;
    expect(fieldsOf(embedOf(renderReasonUpdated(p, en)))).toEqual([
      'Was: The temporary ban of case #3 ran out',
      'Now: actually a raid',
      'Changed by: <@200000000000000003>',
      'Member: <@200000000000000002>',
    ]);
    expect(embedOf(renderReasonUpdated(p, de)).title).toBe('Fall #7 · Grund geändert');
  });

  it('shows the moderation settings in words', () => {
    const settings = {
      logChannelId,
      warnThreshold: 3,
      warnWindowDays: 7,
      warnAction: 'ban',
      warnActionSeconds: 0,
      spamMessages: 5,
      spamSeconds: 10,
      spamMentions: 4,
      spamAction: 'timeout',
      spamTimeoutSeconds: 600,
    } as const;
    const p = { guildId, replyTo: interactionTarget, settings, changed: 'antispam' } as const;
    const e = embedOf(renderModSettings(p, en));
    expect(e.title).toBe('Moderation settings updated');
    expect(fieldsOf(e)).toEqual([
      'Mod log: <#100000000000000007>',
      'Warn escalation: 3 warnings within 7 days → permanent ban',
      'Anti-spam: more than 5 messages within 10 seconds or more than 4 mentions in one message → timeout for 10 minutes',
    ]);
    expect(
      fieldsOf(
        embedOf(
          renderModSettings(
            {
              ...p,
              changed: null,
              settings: { ...settings, warnThreshold: 0, spamMessages: 0, spamMentions: 0, logChannelId: null },
            },
            de,
          ),
        ),
      ),
    ).toEqual(['Mod-Log: aus', 'Eskalation nach Verwarnungen: aus', 'Antispam: aus']);
  });
});

describe('moderation and welcome refusals', () => {
  const say = (r: Refusal, locale: 'en' | 'de' = 'en') => refusalText(r, { text: textFor(locale), now });

  it('word every hierarchy refusal with the action, in English and German', () => {
    expect(say({ code: 'moderation.target.self', action: 'timeout' })).toBe('You cannot time out yourself.');
    expect(say({ code: 'moderation.target.self', action: 'timeout' }, 'de')).toBe(
      'Du kannst dich nicht selbst in den Timeout schicken.',
    );
    expect(say({ code: 'moderation.target.bot', action: 'ban' })).toBe('Guildhall will not ban itself.');
    expect(say({ code: 'moderation.target.owner', action: 'kick' }, 'de')).toBe(
      'Niemand kann die Person, der der Server gehört, kicken.',
    );
    expect(say({ code: 'moderation.target.above_you', action: 'kick', userId: bob.id })).toBe(
      "<@200000000000000002>'s highest role is not below yours, so you cannot kick them.",
    );
    expect(say({ code: 'moderation.target.above_bot', action: 'kick', userId: bob.id }, 'de')).toBe(
      'Die höchste Rolle von <@200000000000000002> steht nicht unter der von Guildhall; schieb die Rolle von Guildhall zuerst darüber.',
    );
    expect(say({ code: 'moderation.target.not_member', action: 'warn', userId: bob.id })).toBe(
      '<@200000000000000002> is not a member of this server.',
    );
  });

  it('word the rest: moderators only, case not found, not banned (the input quoted), unreadable ban list', () => {
    const anyOf = ['ModerateMembers', 'KickMembers', 'BanMembers', 'ManageMessages'] as const;
    expect(say({ code: 'moderation.moderator_only', anyOf: [...anyOf] })).toBe(
      'Only moderators (with **Timeout Members**, **Kick Members**, **Ban Members**, or **Manage Messages**) can see and change cases.',
    );
    expect(say({ code: 'moderation.case.not_found', number: 99 }, 'de')).toBe(
      'Auf diesem Server gibt es keinen Fall #99.',
    );
    expect(say({ code: 'moderation.unban.not_banned', input: '@al`ice' })).toBe(
      "Nobody called `@al'ice` is on this server's ban list. Pick someone from the suggestions, or give their user id.",
    );
    expect(say({ code: 'moderation.unban.not_banned', input: 'alice' }, 'de')).toBe(
      'Niemand namens `alice` steht auf der Bannliste dieses Servers. Wähl jemanden aus den Vorschlägen oder gib die Nutzer-ID an.',
    );
    expect(say({ code: 'moderation.bans.unverifiable' })).toBe(
      'Guildhall could not read the ban list just now; try again in a moment.',
    );
    expect(say({ code: 'moderation.reason.required' }, 'de')).toBe('Gib einen Grund an – ein paar Worte genügen.');
  });

  it('word welcome template refusals', () => {
    expect(say({ code: 'welcome.template.placeholder', name: 'name' })).toBe(
      '`{name}` is not a placeholder Guildhall knows; use `{user}`, `{server}`, and `{count}`.',
    );
    expect(say({ code: 'welcome.template.placeholder', name: 'name' }, 'de')).toBe(
      '`{name}` ist kein Platzhalter, den Guildhall kennt; nimm `{user}`, `{server}` und `{count}`.',
    );
    expect(say({ code: 'welcome.template.too_many', max: 5 }, 'de')).toBe(
      'Nimm höchstens 5 Platzhalter in eine Begrüßung.',
    );
  });
});

describe('audit-log reasons', () => {
  it('word a case, an automatic case and an anti-spam deletion in the guild’s language', () => {
    const t = textFor('en');
    expect(auditText({ code: 'moderation.case', number: 3, moderator: 'Mod', reason: 'raid' }, t)).toBe(
      'Case #3 by Mod: raid',
    );
    expect(auditText({ code: 'moderation.case', number: 3, moderator: 'Mod', reason: '' }, t)).toBe('Case #3 by Mod');
    const why = { code: 'moderation.escalation', warns: 3, days: 7, lastCase: 2 } as const;
    expect(auditText({ code: 'moderation.case.automatic', number: 4, reason: why }, textFor('de'))).toBe(
      'Fall #4 von Guildhall: 3 Verwarnungen innerhalb von 7 Tagen (die letzte: Fall #2)',
    );
    expect(
      auditText(
        {
          code: 'moderation.antispam.deleted',
          reason: { code: 'moderation.antispam.mentions', mentions: 6, limit: 5 },
        },
        t,
      ),
    ).toBe('Anti-spam: 6 mentions in one message (the limit is 5)');
    expect(auditText({ code: 'moderation.case', number: 3, moderator: 'M', reason: 'x'.repeat(600) }, t)).toHaveLength(
      512,
    );
  });
});

describe('where moderation and welcome speak', () => {
  const guildSpeaks = (locale: string): RenderContext => ({
    guild: () => ({ name: 'Guildhall Playground', memberCount: 1234, preferredLocale: locale }),
    now: () => now,
  });

  it('answers the moderator in their language and posts to the mod log in the guild’s, as two outputs', () => {
    const event = envelope('moderation.case.recorded', 1, {
      guildId,
      replyTo: { ...interactionTarget, locale: 'de' },
      logChannelId,
      case: modCase(),
    });
    const outs = renderResult(event, guildSpeaks('en-US'));
    expect(outs.map((o) => o.to)).toEqual([
      { kind: 'reply', target: { ...interactionTarget, locale: 'de' } },
      { kind: 'channel', channelId: logChannelId, tag: 'modlog' },
    ]);
    expect(outs.map((o) => o.message.embeds?.[0]?.title)).toEqual(['Fall #7 · Bann', 'Case #7 · Ban']);
  });

  it('posts an automatic case only to the mod log, and nothing without one', () => {
    const auto = envelope('moderation.case.recorded', 1, {
      guildId,
      replyTo: null,
      logChannelId,
      case: modCase({ automatic: true }),
    });
    expect(renderResult(auto, guildSpeaks('de')).map((o) => o.to.kind)).toEqual(['channel']);
    const nowhere = envelope('moderation.case.recorded', 1, { ...auto.payload, logChannelId: null });
    expect(renderResult(nowhere, guildSpeaks('de'))).toEqual([]);
  });

  it('greets with Guildhall’s own greeting in the guild’s language, pinging only the new member', () => {
    const event = envelope('welcome.member.greeted', 2, {
      guildId,
      channelId,
      user: { id: bob.id, displayName: 'Bob', bot: false },
      template: null,
    });
    const [german] = renderResult(event, guildSpeaks('de'));
    expect(german?.to).toEqual({ kind: 'channel', channelId, tag: 'welcome' });
    expect(german?.message).toEqual({
      content: 'Willkommen auf Guildhall Playground, <@200000000000000002>! Du bist Mitglied Nr. 1.234.',
      allowed_mentions: { parse: [], replied_user: false, users: [bob.id] },
    });
    expect(renderResult(event, guildSpeaks('en-GB'))[0]?.message.content).toBe(
      'Welcome to Guildhall Playground, <@200000000000000002>! You are member #1,234.',
    );
  });

  it('greets from the guild’s template, whose mentions ping no one but the new member (v1 and v2)', () => {
    const template = 'Hi {user}, welcome to {server}! Member #{count}. @everyone <@&300000000000000001>';
    for (const version of [1, 2] as const) {
      const event = envelope('welcome.member.greeted', version, {
        guildId,
        channelId,
        user: { id: bob.id, displayName: 'Bob', bot: false },
        template,
      });
      expect(renderResult(event, guildSpeaks('en-US'))[0]?.message).toEqual({
        content:
          'Hi <@200000000000000002>, welcome to Guildhall Playground! Member #1,234. @everyone <@&300000000000000001>',
        allowed_mentions: { parse: [], replied_user: false, users: [bob.id] },
      });
    }
    expect(
      renderMemberGreeted(
        { guildId, channelId, user: { ...bob, bot: false }, template: null },
        undefined,
        textFor('en'),
      ).content,
    ).toBe('Welcome to the server, <@200000000000000002>! You are member #?.');
  });

  it('shows the welcome settings, with the default greeting previewed in the reader’s language', () => {
    const p: WelcomeSettingsUpdated['payload'] = {
      guildId,
      replyTo: interactionTarget,
      settings: { channelId, template: '', autoRoleId: '300000000000000001' },
      changed: ['autoRole'],
    };
    expect(fieldsOf(embedOf(renderWelcomeSettings(p, en)))).toEqual([
      'Greeting: In <#100000000000000002>',
      'Auto-role: <@&300000000000000001>',
      "Message: Guildhall's default, in the server's language: Welcome to {server}, {user}! You are member #{count}.",
    ]);
    expect(embedOf(renderWelcomeSettings({ ...p, changed: [] }, de))).toMatchObject({
      title: 'Begrüßung',
      fields: [
        { name: 'Begrüßung', value: 'In <#100000000000000002>' },
        { name: 'Automatische Rolle', value: '<@&300000000000000001>' },
        {
          name: 'Nachricht',
          value:
            'Die Vorlage von Guildhall, in der Sprache des Servers: Willkommen auf {server}, {user}! Du bist Mitglied Nr. {count}.',
        },
      ],
    });
  });
});
