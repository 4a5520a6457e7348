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

/** Every command Guildhall registers. */
export const commandDefinitions: CommandDefinition[] = [karmaCommand];
