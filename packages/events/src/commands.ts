/**
 * Slash-command definitions, in Discord's application-command JSON shape. They are the contract between the
 * bot (which registers them and turns invocations into gateway.command.invoked) and core (which handles them by
 * name/subcommand/option names). Add a domain's commands to `commandDefinitions`.
 */

/** Discord's application command option types used here. */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Number: 10,
} as const;

/** One option of a command, as Discord takes it. */
export interface CommandOptionDefinition {
  type: (typeof OptionType)[keyof typeof OptionType];
  name: string;
  description: string;
  required?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  choices?: { name: string; value: string | number }[];
  options?: CommandOptionDefinition[];
}

/** One chat-input command, as Discord takes it. */
export interface CommandDefinition {
  name: string;
  description: string;
  /** Permission bits (decimal string) a member needs to see the command by default; null = everyone. */
  default_member_permissions: string | null;
  contexts: number[];
  options: CommandOptionDefinition[];
}

const guildOnly = [0];

/** `/karma …` */
export const karmaCommand: CommandDefinition = {
  name: 'karma',
  description: 'Karma: look up, rank and manage',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [
    {
      type: OptionType.Subcommand,
      name: 'get',
      description: 'Show the karma of names or members',
      options: [
        {
          type: OptionType.String,
          name: 'names',
          description: 'Names separated by spaces; (multi word) in parentheses; @mentions',
          required: true,
          max_length: 500,
        },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'top',
      description: 'The highest karma in this server',
      options: [
        { type: OptionType.Integer, name: 'count', description: 'How many (1-25)', min_value: 1, max_value: 25 },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'bottom',
      description: 'The lowest karma in this server',
      options: [
        { type: OptionType.Integer, name: 'count', description: 'How many (1-25)', min_value: 1, max_value: 25 },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'announce',
      description: 'Turn karma change replies on or off (Manage Server)',
      options: [{ type: OptionType.Boolean, name: 'enabled', description: 'Reply to karma changes', required: true }],
    },
    {
      type: OptionType.Subcommand,
      name: 'history',
      description: 'Recent karma changes, to review abuse (Manage Server)',
      options: [{ type: OptionType.String, name: 'name', description: 'Only changes of this name or @member' }],
    },
    {
      type: OptionType.Subcommand,
      name: 'revert',
      description: 'Undo one karma change from the history (Manage Server)',
      options: [
        {
          type: OptionType.Integer,
          name: 'id',
          description: 'The change number from /karma history',
          required: true,
          min_value: 1,
        },
      ],
    },
  ],
};

/** Manage Server, as a decimal bitfield: the default permission of admin-only commands. */
const manageGuild = String(1 << 5);

const amountOption = (description: string): CommandOptionDefinition => ({
  // A string, not an Integer: Discord's integers stop at 2^53 and accept forms like 1e9; core parses it strictly.
  type: OptionType.String,
  name: 'amount',
  description,
  required: true,
  max_length: 30,
});

const memberOption = (description: string, required: boolean): CommandOptionDefinition => ({
  type: OptionType.User,
  name: 'member',
  description,
  required,
});

const countOption: CommandOptionDefinition = {
  type: OptionType.Integer,
  name: 'count',
  description: 'How many (1-25)',
  min_value: 1,
  max_value: 25,
};

/** `/balance [member]` */
export const balanceCommand: CommandDefinition = {
  name: 'balance',
  description: "Show your balance or another member's",
  default_member_permissions: null,
  contexts: guildOnly,
  options: [memberOption('Whose balance (default: yours)', false)],
};

/** `/give <member> <amount>` */
export const giveCommand: CommandDefinition = {
  name: 'give',
  description: 'Give some of your money to another member',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [memberOption('Who gets the money', true), amountOption('How much, in whole units, e.g. 250')],
};

/** `/daily` */
export const dailyCommand: CommandDefinition = {
  name: 'daily',
  description: 'Claim your daily reward (every 24 hours; claim within 48 hours to keep your streak)',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [],
};

/** `/leaderboard [count]` */
export const leaderboardCommand: CommandDefinition = {
  name: 'leaderboard',
  description: 'The richest members of this server',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [countOption],
};

/** `/economy grant|take|settings|history|shop-add|shop-remove` (Manage Server) */
export const economyCommand: CommandDefinition = {
  name: 'economy',
  description: 'Manage the server economy (Manage Server)',
  default_member_permissions: manageGuild,
  contexts: guildOnly,
  options: [
    {
      type: OptionType.Subcommand,
      name: 'grant',
      description: 'Give a member money out of thin air',
      options: [memberOption('Who gets the money', true), amountOption('How much, e.g. 1000')],
    },
    {
      type: OptionType.Subcommand,
      name: 'take',
      description: "Take money from a member's balance",
      options: [memberOption('Whose money', true), amountOption('How much, e.g. 1000')],
    },
    {
      type: OptionType.Subcommand,
      name: 'settings',
      description: 'Show or change the currency, earn rate and daily reward',
      options: [
        { type: OptionType.String, name: 'currency_name', description: 'e.g. coins', min_length: 1, max_length: 32 },
        { type: OptionType.String, name: 'currency_symbol', description: 'e.g. 🪙', min_length: 1, max_length: 16 },
        {
          type: OptionType.String,
          name: 'earn_amount',
          description: 'Paid per message (0 turns earning off)',
          max_length: 30,
        },
        {
          type: OptionType.Integer,
          name: 'earn_cooldown',
          description: 'Seconds between paid messages per member',
          min_value: 0,
          max_value: 86_400,
        },
        { type: OptionType.String, name: 'daily_amount', description: 'Paid by /daily', max_length: 30 },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'history',
      description: 'Recent balance changes (the ledger)',
      options: [memberOption('Only this member', false)],
    },
    {
      type: OptionType.Subcommand,
      name: 'shop-add',
      description: 'Put a role up for sale, or change its price',
      options: [
        { type: OptionType.Role, name: 'role', description: 'The role to sell', required: true },
        { type: OptionType.String, name: 'price', description: 'Price, e.g. 500', required: true, max_length: 30 },
        { type: OptionType.String, name: 'description', description: 'Shown in /shop', max_length: 100 },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'shop-remove',
      description: 'Take a role off sale',
      options: [{ type: OptionType.Role, name: 'role', description: 'The role', required: true }],
    },
  ],
};

/** `/shop` */
export const shopCommand: CommandDefinition = {
  name: 'shop',
  description: 'Roles for sale in this server',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [],
};

/** `/buy <role>` */
export const buyCommand: CommandDefinition = {
  name: 'buy',
  description: 'Buy a role from the shop',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [{ type: OptionType.Role, name: 'role', description: 'The role to buy (see /shop)', required: true }],
};

/** `/rank [member]` */
export const rankCommand: CommandDefinition = {
  name: 'rank',
  description: "Show your level and XP, or another member's",
  default_member_permissions: null,
  contexts: guildOnly,
  options: [memberOption('Whose rank (default: yours)', false)],
};

/** `/levels [count]` */
export const levelsCommand: CommandDefinition = {
  name: 'levels',
  description: 'The members with the most XP',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [countOption],
};

/** `/levels-config show|xp|announce|reward-set|reward-remove` (Manage Server) */
export const levelsConfigCommand: CommandDefinition = {
  name: 'levels-config',
  description: 'Configure levels (Manage Server)',
  default_member_permissions: manageGuild,
  contexts: guildOnly,
  options: [
    { type: OptionType.Subcommand, name: 'show', description: 'Show the level settings and role rewards' },
    {
      type: OptionType.Subcommand,
      name: 'xp',
      description: 'XP per message (a random amount in a range) and the cooldown',
      options: [
        { type: OptionType.Integer, name: 'min', description: 'Least XP per message', min_value: 0, max_value: 1000 },
        { type: OptionType.Integer, name: 'max', description: 'Most XP per message', min_value: 0, max_value: 1000 },
        {
          type: OptionType.Integer,
          name: 'cooldown',
          description: 'Seconds between XP-earning messages per member',
          min_value: 0,
          max_value: 86_400,
        },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'announce',
      description: 'Turn level-up announcements on or off, and choose their channel',
      options: [
        { type: OptionType.Boolean, name: 'enabled', description: 'Announce level-ups', required: true },
        {
          type: OptionType.Channel,
          name: 'channel',
          description: 'Where to announce (default: reply to the message)',
        },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'reward-set',
      description: 'Give a role to members who reach a level',
      options: [
        {
          type: OptionType.Integer,
          name: 'level',
          description: 'The level',
          required: true,
          min_value: 1,
          max_value: 1000,
        },
        { type: OptionType.Role, name: 'role', description: 'The role to give', required: true },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'reward-remove',
      description: 'Stop giving a role at a level',
      options: [
        {
          type: OptionType.Integer,
          name: 'level',
          description: 'The level',
          required: true,
          min_value: 1,
          max_value: 1000,
        },
      ],
    },
  ],
};

/** Moderation permission bits (decimal strings) used as defaults for who sees a command. */
const modPermissions = {
  kick: String(1n << 1n),
  ban: String(1n << 2n),
  manageGuild: String(1n << 5n),
  manageMessages: String(1n << 13n),
  manageRoles: String(1n << 28n),
  moderate: String(1n << 40n),
} as const;

const modTarget = (description: string, name = 'member'): CommandOptionDefinition => ({
  type: OptionType.User,
  name,
  description,
  required: true,
});
const modReason = (required: boolean): CommandOptionDefinition => ({
  type: OptionType.String,
  name: 'reason',
  description: 'Why (shown in the case and the audit log)',
  required,
  max_length: 512,
});
const durationOption = (description: string, required: boolean): CommandOptionDefinition => ({
  type: OptionType.String,
  name: 'duration',
  description,
  required,
  max_length: 32,
});

/** `/warn`, `/timeout`, `/kick`, `/ban`, `/unban`, `/purge`, `/case`, `/cases`, `/reason`, `/modconfig`. */
export const moderationCommands: CommandDefinition[] = [
  {
    name: 'warn',
    description: 'Warn a member (recorded as a case)',
    default_member_permissions: modPermissions.moderate,
    contexts: guildOnly,
    options: [modTarget('Who to warn'), modReason(true)],
  },
  {
    name: 'timeout',
    description: "Time a member out with Discord's timeout (at most 28 days)",
    default_member_permissions: modPermissions.moderate,
    contexts: guildOnly,
    options: [
      modTarget('Who to time out'),
      durationOption('How long, e.g. 10m, 1h30m, 7d (at most 28d)', true),
      modReason(false),
    ],
  },
  {
    name: 'kick',
    description: 'Kick a member',
    default_member_permissions: modPermissions.kick,
    contexts: guildOnly,
    options: [modTarget('Who to kick'), modReason(false)],
  },
  {
    name: 'ban',
    description: 'Ban a user, for good or for a while',
    default_member_permissions: modPermissions.ban,
    contexts: guildOnly,
    options: [
      modTarget('Who to ban'),
      durationOption('For how long, e.g. 1d, 2w; leave empty for a permanent ban', false),
      {
        type: OptionType.Integer,
        name: 'delete_days',
        description: 'Delete their messages of the last N days (0-7)',
        min_value: 0,
        max_value: 7,
      },
      modReason(false),
    ],
  },
  {
    name: 'unban',
    description: 'Lift a ban',
    default_member_permissions: modPermissions.ban,
    contexts: guildOnly,
    options: [modTarget('Who to unban (a user id works)', 'user'), modReason(false)],
  },
  {
    name: 'purge',
    description: 'Delete recent messages in this channel (skips those older than 14 days)',
    default_member_permissions: modPermissions.manageMessages,
    contexts: guildOnly,
    options: [
      {
        type: OptionType.Integer,
        name: 'count',
        description: 'How many recent messages (1-1000)',
        required: true,
        min_value: 1,
        max_value: 1000,
      },
    ],
  },
  {
    name: 'case',
    description: 'Show a moderation case',
    default_member_permissions: modPermissions.moderate,
    contexts: guildOnly,
    options: [{ type: OptionType.Integer, name: 'number', description: 'Case number', required: true, min_value: 1 }],
  },
  {
    name: 'cases',
    description: "A member's moderation cases",
    default_member_permissions: modPermissions.moderate,
    contexts: guildOnly,
    options: [modTarget('Whose cases')],
  },
  {
    name: 'reason',
    description: "Change a case's reason",
    default_member_permissions: modPermissions.moderate,
    contexts: guildOnly,
    options: [
      { type: OptionType.Integer, name: 'number', description: 'Case number', required: true, min_value: 1 },
      { type: OptionType.String, name: 'text', description: 'The new reason', required: true, max_length: 512 },
    ],
  },
  {
    name: 'modconfig',
    description: 'Moderation settings (Manage Server)',
    default_member_permissions: modPermissions.manageGuild,
    contexts: guildOnly,
    options: [
      {
        type: OptionType.Subcommand,
        name: 'logchannel',
        description: 'Where cases are posted; leave empty to stop posting',
        options: [{ type: OptionType.Channel, name: 'channel', description: 'The mod-log channel' }],
      },
      {
        type: OptionType.Subcommand,
        name: 'escalation',
        description: 'What happens after too many warnings',
        options: [
          {
            type: OptionType.Integer,
            name: 'warns',
            description: 'Warnings that trigger it (0 = off)',
            required: true,
            min_value: 0,
            max_value: 20,
          },
          {
            type: OptionType.Integer,
            name: 'days',
            description: 'Within how many days',
            required: true,
            min_value: 1,
            max_value: 90,
          },
          {
            type: OptionType.String,
            name: 'action',
            description: 'What to do',
            required: true,
            choices: [
              { name: 'timeout', value: 'timeout' },
              { name: 'kick', value: 'kick' },
              { name: 'ban', value: 'ban' },
            ],
          },
          durationOption('Timeout or ban length, e.g. 1h (empty: 1h timeout, permanent ban)', false),
        ],
      },
      {
        type: OptionType.Subcommand,
        name: 'antispam',
        description: 'Limits on message rate and mentions',
        options: [
          {
            type: OptionType.Integer,
            name: 'messages',
            description: 'At most this many messages… (0 = off)',
            required: true,
            min_value: 0,
            max_value: 50,
          },
          {
            type: OptionType.Integer,
            name: 'seconds',
            description: '…within this many seconds',
            required: true,
            min_value: 1,
            max_value: 60,
          },
          {
            type: OptionType.Integer,
            name: 'mentions',
            description: 'At most this many mentions in one message (0 = off)',
            required: true,
            min_value: 0,
            max_value: 50,
          },
          {
            type: OptionType.String,
            name: 'action',
            description: 'What to do with a spammer',
            required: true,
            choices: [
              { name: 'warn', value: 'warn' },
              { name: 'timeout', value: 'timeout' },
            ],
          },
          durationOption('Timeout length, e.g. 10m', false),
        ],
      },
      { type: OptionType.Subcommand, name: 'show', description: 'Show the moderation settings' },
    ],
  },
];

/** `/welcome …` */
export const welcomeCommand: CommandDefinition = {
  name: 'welcome',
  description: 'Greet new members (Manage Server)',
  default_member_permissions: modPermissions.manageGuild,
  contexts: guildOnly,
  options: [
    {
      type: OptionType.Subcommand,
      name: 'set',
      description: 'Greet new members in a channel',
      options: [
        { type: OptionType.Channel, name: 'channel', description: 'Where to greet', required: true },
        {
          type: OptionType.String,
          name: 'message',
          description: 'Template with {user}, {server}, {count}',
          max_length: 1000,
        },
      ],
    },
    {
      type: OptionType.Subcommand,
      name: 'autorole',
      description: 'Give new members a role; leave empty to stop',
      options: [{ type: OptionType.Role, name: 'role', description: 'The role' }],
    },
    { type: OptionType.Subcommand, name: 'off', description: 'Stop greeting new members' },
    { type: OptionType.Subcommand, name: 'show', description: 'Show the welcome settings' },
  ],
};

/** `/remind …` */
export const remindCommand: CommandDefinition = {
  name: 'remind',
  description: 'Reminders for yourself',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [
    {
      type: OptionType.Subcommand,
      name: 'create',
      description: 'Remind me in this channel later',
      options: [
        { type: OptionType.String, name: 'when', description: 'In how long, e.g. 10m, 2h, 3d', required: true },
        {
          type: OptionType.String,
          name: 'text',
          description: 'What to remind you of',
          required: true,
          max_length: 1000,
        },
      ],
    },
    { type: OptionType.Subcommand, name: 'list', description: 'Your pending reminders' },
    {
      type: OptionType.Subcommand,
      name: 'cancel',
      description: 'Cancel one of your reminders',
      options: [{ type: OptionType.Integer, name: 'id', description: 'Its number from /remind list', required: true }],
    },
  ],
};

/** `/temprole` */
export const tempRoleCommand: CommandDefinition = {
  name: 'temprole',
  description: 'Give a member a role for a while',
  default_member_permissions: modPermissions.manageRoles,
  contexts: guildOnly,
  options: [
    modTarget('Who gets the role'),
    { type: OptionType.Role, name: 'role', description: 'The role', required: true },
    durationOption('For how long, e.g. 1h, 7d (at most 365d)', true),
  ],
};

/** `/birthday …` */
export const birthdayCommand: CommandDefinition = {
  name: 'birthday',
  description: 'Birthdays, announced once a year',
  default_member_permissions: null,
  contexts: guildOnly,
  options: [
    {
      type: OptionType.Subcommand,
      name: 'set',
      description: 'Save your birthday',
      options: [
        {
          type: OptionType.Integer,
          name: 'month',
          description: 'Month (1-12)',
          required: true,
          min_value: 1,
          max_value: 12,
        },
        {
          type: OptionType.Integer,
          name: 'day',
          description: 'Day (1-31)',
          required: true,
          min_value: 1,
          max_value: 31,
        },
      ],
    },
    { type: OptionType.Subcommand, name: 'remove', description: 'Forget your birthday' },
    {
      type: OptionType.Subcommand,
      name: 'channel',
      description: 'Where birthdays are announced (Manage Server); empty to stop',
      options: [{ type: OptionType.Channel, name: 'channel', description: 'The channel' }],
    },
    {
      type: OptionType.Subcommand,
      name: 'timezone',
      description: "The server's time zone for birthdays (Manage Server)",
      options: [
        {
          type: OptionType.String,
          name: 'zone',
          description: 'An IANA zone, e.g. Europe/Berlin',
          required: true,
          max_length: 64,
        },
      ],
    },
  ],
};

/** Every command Guildhall registers. */
export const commandDefinitions: CommandDefinition[] = [
  karmaCommand,
  balanceCommand,
  giveCommand,
  dailyCommand,
  leaderboardCommand,
  economyCommand,
  shopCommand,
  buyCommand,
  rankCommand,
  levelsCommand,
  levelsConfigCommand,
  ...moderationCommands,
  welcomeCommand,
  remindCommand,
  tempRoleCommand,
  birthdayCommand,
];
