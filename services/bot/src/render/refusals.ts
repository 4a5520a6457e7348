import type { CommandRejected, CommandRejectedV1, OptionProblem, RefusalCode, RefusalOf } from '@guildhall/events';
import type { Text } from '../i18n/index.ts';
import { embed } from './embed.ts';
import { birthdayRefusals } from './birthdays.ts';
import { economyRefusals } from './economy.ts';
import { roleRefusalTexts } from './failures.ts';
import { body, embedBody, inlineCode, type MessageBody } from './format.ts';
import { karmaRefusals } from './karma.ts';
import { levelsRefusals } from './levels.ts';
import { reminderRefusals } from './reminders.ts';
import { temproleRefusals } from './temproles.ts';
import type { Voice } from './voice.ts';
import { moderationRefusals } from './moderation.ts';
import { welcomeRefusals } from './welcome.ts';

/** Words one refusal code in a language (`now` for the few that say when: "claim again in 3 hours"). */
type RefusalTexts<C extends RefusalCode> = { readonly [K in C]: (r: RefusalOf<K>, text: Text, now: Date) => string };

/** Domains whose refusals are worded beside their renderers. */
type Domain = 'karma' | 'economy' | 'levels' | 'reminder' | 'temprole' | 'birthday' | 'moderation' | 'welcome';

const shared: RefusalTexts<Exclude<RefusalCode, `${Domain}.${string}`>> = {
  'permission.missing': (r, t) => t.m.common.permissionMissing({ permission: t.m.permissions[r.permission]() }),
  'option.invalid': (r, t) => optionProblem(r.option, r.problem, t),
  'command.unknown': (r, t) =>
    t.m.common.commandUnknown({ command: r.subcommand === null ? `/${r.command}` : `/${r.command} ${r.subcommand}` }),
  'command.not_on_web': (r, t) =>
    t.m.common.commandNotOnWeb({ command: r.subcommand === null ? `/${r.command}` : `/${r.command} ${r.subcommand}` }),
  'duration.invalid': (r, t) => t.m.common.durationInvalid({ input: inlineCode(r.input) }),
  'duration.too_long': (r, t) => t.m.common.durationTooLong({ option: r.option, max: t.duration(r.maxSeconds) }),
  'duration.too_short': (r, t) => t.m.common.durationTooShort({ option: r.option, min: t.duration(r.minSeconds) }),
  ...roleRefusalTexts,
};

/** Every refusal code's sentence: a code without one fails `tsc` here. */
const refusalTexts: RefusalTexts<RefusalCode> = {
  ...shared,
  ...karmaRefusals,
  ...economyRefusals,
  ...levelsRefusals,
  ...reminderRefusals,
  ...temproleRefusals,
  ...birthdayRefusals,
  ...moderationRefusals,
  ...welcomeRefusals,
};

/** A refusal's sentence in a language. */
export function refusalText(reason: CommandRejected['payload']['reason'], { text, now }: Voice): string {
  const say = refusalTexts[reason.code] as (r: typeof reason, t: Text, now: Date) => string;
  return say(reason, text, now);
}

function optionProblem(option: string, problem: OptionProblem, t: Text): string {
  const c = t.m.common;
  switch (problem.kind) {
    case 'missing':
      return c.optionMissing({ option });
    case 'type':
      return c.optionType({ option, expected: problem.expected });
    case 'range':
      return c.optionRange({ option, ...bounds(problem.min, problem.max) });
    case 'length':
      return c.optionLength({ option, ...bounds(problem.min, problem.max) });
    case 'choice':
      return c.optionChoice({ option, choices: t.list(problem.choices.map(inlineCode), 'disjunction') });
    case 'format':
      return c.optionFormat({ option });
  }
}

function bounds(min: number | null, max: number | null) {
  const bounds = min !== null && max !== null ? 'both' : min !== null ? 'min' : max !== null ? 'max' : 'none';
  return { bounds, min: min ?? 0, max: max ?? 0 };
}

/** A refused command: a red embed with the sentence, for the invoker's eyes only where Discord allows it. */
export function renderCommandRejected(p: CommandRejected['payload'], voice: Voice): MessageBody {
  return embedBody(embed({ kind: 'refusal', description: refusalText(p.reason, voice) }));
}

/** A refusal of the retired v1 shape (queued before an upgrade): core's own sentence, as it was shown then. */
export function renderCommandRejectedV1(p: CommandRejectedV1['payload']): MessageBody {
  return body(p.message);
}
