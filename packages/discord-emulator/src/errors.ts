/** One field error inside Discord's nested `errors` object. */
export interface FieldError {
  code: string;
  message: string;
}

/** Discord's nested form-error tree: `{ content: { _errors: [...] } }`. */
export interface ErrorTree {
  [key: string]: ErrorTree | FieldError[];
}

/** Body Discord sends with a failed request. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: ErrorTree;
}

/** A failure a handler throws to answer with Discord's status and JSON error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: ErrorTree,
  ) {
    super(message);
  }

  /** The JSON body exactly as Discord shapes it. */
  toBody(): DiscordErrorBody {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

/** Discord's error codes used by the emulator, with their canonical messages and statuses. */
export const Errors = {
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownRole: () => new ApiError(404, 10011, 'Unknown Role'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownEmoji: () => new ApiError(400, 10014, 'Unknown Emoji'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownBan: () => new ApiError(404, 10026, 'Unknown Ban'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  bulkDeleteCount: () =>
    new ApiError(
      400,
      50016,
      'Provided too few or too many messages to delete. Must provide at least 2 and fewer than 100 messages to delete.',
    ),
  bulkDeleteTooOld: () => new ApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  invalidFormBody: (errors: ErrorTree) => new ApiError(400, 50035, 'Invalid Form Body', errors),
} as const;

/** A path into a request body, e.g. `['embeds', 0, 'fields', 3, 'value']`. */
export type FieldPath = readonly (string | number)[];

/**
 * Collects every field error of one request body, as Discord reports them all at once in a single 50035 tree
 * (`{ embeds: { 0: { title: { _errors: [...] } } } }`), then throws them together.
 */
export class FormErrors {
  private readonly tree: ErrorTree = {};
  private count = 0;

  add(path: FieldPath, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const next = node[String(key)];
      if (Array.isArray(next)) return; // never nest below a leaf that already holds errors
      node = next ?? (node[String(key)] = {});
    }
    const leaf = node['_errors'];
    if (Array.isArray(leaf)) leaf.push({ code, message });
    else node['_errors'] = [{ code, message }];
    this.count++;
  }

  /** Throws 50035 Invalid Form Body with everything collected, if anything was. */
  throwIfAny(): void {
    if (this.count > 0) throw Errors.invalidFormBody(this.tree);
  }
}

/** Builds a 50035 error for one field path, e.g. `formError(['content'], 'BASE_TYPE_MAX_LENGTH', '...')`. */
export function formError(path: readonly (string | number)[], code: string, message: string): ApiError {
  let tree: ErrorTree = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) tree = { [String(key)]: tree };
  return Errors.invalidFormBody(tree);
}

/** The default body for a status forced by `failNext` when the test gives none. */
export function defaultErrorFor(status: number): DiscordErrorBody {
  switch (status) {
    case 401:
      return { code: 0, message: '401: Unauthorized' };
    case 403:
      return { code: 50013, message: 'Missing Permissions' };
    case 404:
      return { code: 0, message: '404: Not Found' };
    case 400:
      return { code: 50035, message: 'Invalid Form Body', errors: {} };
    default:
      return { code: 0, message: `${status}: Internal Server Error` };
  }
}
