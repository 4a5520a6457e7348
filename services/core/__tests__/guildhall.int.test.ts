import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApp } from '../src/app.ts';
import { command, CoreHarness, refusalIn } from './harness.ts';

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

const member = { id: '200000000000000001', displayName: 'Member' };
const admin = { id: '200000000000000002', displayName: 'Admin', permissions: String(PermissionFlagsBits.ManageGuild) };

describe('/guildhall about and /help', () => {
  it('describes the running core: version, uptime, its features and this guild’s switches', async () => {
    const req = command('guildhall', 'about', {}, member);
    await h.publish(req);
    const about = await h.resultOf(req, 'guildhall.about.shown');
    expect(about.payload).toMatchObject({
      version: '0.1.0',
      features: [
        'moderation',
        'levels',
        'economy',
        'karma',
        'welcome',
        'reminders',
        'temproles',
        'birthdays',
        'directory',
        'guildhall',
      ],
      guild: { karmaReplies: true, earning: true, levelUpAnnouncements: true, antiSpam: false },
    });
    expect(about.payload.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('lists the commands a member may use, the admin ones only to admins', async () => {
    const forMember = command('help', null, {}, member);
    const forAdmin = command('help', null, {}, admin);
    await Promise.all([h.publish(forMember), h.publish(forAdmin)]);
    const names = async (req: typeof forMember) =>
      (await h.resultOf(req, 'guildhall.help.listed')).payload.commands.map((c) => c.name);
    const memberSees = await names(forMember);
    const adminSees = await names(forAdmin);
    expect(memberSees).toEqual(expect.arrayContaining(['karma', 'balance', 'help', 'guildhall']));
    expect(memberSees).not.toContain('economy');
    expect(memberSees).not.toContain('ban');
    expect(adminSees).toEqual(expect.arrayContaining([...memberSees, 'economy', 'welcome', 'modconfig']));
    const karma = (await h.resultOf(forMember, 'guildhall.help.listed')).payload.commands.find(
      (c) => c.name === 'karma',
    );
    expect(karma?.subcommands).toEqual(['get', 'top', 'bottom', 'announce', 'history', 'revert']);
  });

  it('refuses a subcommand it does not have', async () => {
    const req = command('guildhall', 'reboot', {}, member);
    await h.publish(req);
    expect(refusalIn(await h.resultOf(req, 'command.request.rejected'))).toEqual({
      code: 'command.unknown',
      command: 'guildhall',
      subcommand: 'reboot',
    });
  });
});
