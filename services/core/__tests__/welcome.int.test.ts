import { envelope, type RequestEvent } from '@guildhall/events';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { command, CoreHarness, ids, refusalIn } from './harness.ts';
import { people } from './moderation-fixtures.ts';

let h: CoreHarness;
let core: CoreApp;

beforeAll(async () => {
  h = await CoreHarness.create();
  core = await h.startCore();
});
afterAll(async () => {
  await core.stop();
  await h.close();
});

const { admin, owner } = people;
const welcomeChannel = '100000000000000088';
const roles = {
  plain: { id: '700000000000000001', position: 2, managed: false, permissions: String(Permission.SendMessages) },
  kicker: { id: '700000000000000002', position: 3, managed: false, permissions: String(Permission.KickMembers) },
};

/** `/welcome autorole` by an admin, with the role facts the bot sends. */
function autorole(
  role: (typeof roles)[keyof typeof roles] | null,
  actor: { id: string; permissions: string } = {
    id: admin.id,
    permissions: String(Permission.Administrator),
  },
) {
  return command('welcome', 'autorole', role ? { role: role.id } : {}, actor, {
    members: { [actor.id]: { highestRolePosition: 8 } },
    ...(role && {
      roles: { [role.id]: { position: role.position, managed: role.managed, permissions: role.permissions } },
    }),
    guildOwnerId: owner.id,
    botHighestRolePosition: 10,
  });
}

async function rejection(req: RequestEvent) {
  await h.publish(req);
  return refusalIn(await h.resultOf(req, 'command.request.rejected'));
}

function joined(userId: string) {
  return envelope('gateway.member.joined', 1, {
    guildId: ids.guild,
    user: { id: userId, displayName: 'Newbie', bot: false },
    joinedAt: new Date().toISOString(),
  });
}

async function settings(req: RequestEvent) {
  await h.publish(req);
  return (await h.resultOf(req, 'welcome.settings.updated')).payload;
}

describe('welcome through core', () => {
  it('greets with no template of its own as null, so the bot greets in the guild’s language', async () => {
    const set = await settings(command('welcome', 'set', { channel: welcomeChannel }, admin));
    expect(set.settings).toEqual({ channelId: welcomeChannel, template: '', autoRoleId: null });
    const join = joined('800000000000000001');
    await h.publish(join);
    const greeted = await h.resultOf(join, 'welcome.member.greeted');
    expect(greeted.version).toBe(2);
    expect(greeted.payload).toMatchObject({ channelId: welcomeChannel, template: null });
  });

  it('greets from the guild’s template, and refuses unknown or too many placeholders with codes', async () => {
    const set = await settings(
      command('welcome', 'set', { channel: welcomeChannel, message: 'Hi {user}, welcome to {server}!' }, admin),
    );
    expect(set).toMatchObject({
      changed: ['channel', 'template'],
      settings: { template: 'Hi {user}, welcome to {server}!' },
    });
    expect(
      await rejection(command('welcome', 'set', { channel: welcomeChannel, message: 'Hi {name}' }, admin)),
    ).toEqual({
      code: 'welcome.template.placeholder',
      name: 'name',
    });
    expect(
      await rejection(command('welcome', 'set', { channel: welcomeChannel, message: '{user}'.repeat(6) }, admin)),
    ).toEqual({ code: 'welcome.template.too_many', max: 5 });
    expect(await rejection(command('welcome', 'show', {}, { id: '1' }))).toEqual({
      code: 'permission.missing',
      permission: 'ManageGuild',
    });
    const join = joined('800000000000000002');
    await h.publish(join);
    const greeted = await h.resultOf(join, 'welcome.member.greeted');
    expect(greeted.payload.template).toBe('Hi {user}, welcome to {server}!');
  });

  it('refuses a privileged auto-role, and asks the bot to re-check the role it gives newcomers', async () => {
    expect(await rejection(autorole(roles.kicker))).toEqual({ code: 'role.dangerous', permissions: ['KickMembers'] });
    expect(
      await rejection(autorole(roles.plain, { id: '300000000000000009', permissions: String(Permission.ManageGuild) })),
    ).toEqual({
      code: 'permission.missing',
      permission: 'ManageRoles',
    });
    // A role whose permissions the bot did not send cannot be judged.
    const unknown = command(
      'welcome',
      'autorole',
      { role: roles.plain.id },
      { id: admin.id, permissions: String(Permission.Administrator) },
      {
        members: { [admin.id]: { highestRolePosition: 8 } },
        roles: { [roles.plain.id]: { position: 2, managed: false } },
        guildOwnerId: owner.id,
        botHighestRolePosition: 10,
      },
    );
    expect(await rejection(unknown)).toEqual({ code: 'role.unknown' });

    expect((await settings(autorole(roles.plain))).settings.autoRoleId).toBe(roles.plain.id);
    const join = joined('800000000000000003');
    await h.publish(join);
    const results = await h.resultsOf(join, 2);
    const action = results.find((r) => r.type === 'discord.action.requested');
    expect(action?.type === 'discord.action.requested' && action.payload.action).toEqual({
      kind: 'role.add',
      userId: '800000000000000003',
      roleId: roles.plain.id,
      reason: '',
      audit: { code: 'welcome.autorole' },
      refuseIfPrivileged: true,
    });
    expect((await settings(autorole(null))).settings.autoRoleId).toBeNull();
  });
});
