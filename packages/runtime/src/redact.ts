/**
 * Secrets never leave a process in text it writes: log lines, error messages, dead-letter headers and CLI output all
 * pass through redactSecrets(). It works on text (a finished JSON log line included) so it holds however deep a
 * secret sits in what was logged, whatever the object's shape.
 */

/** What a secret is replaced with. */
export const Redacted = '[redacted]';

/** `scheme://user:password@` — the userinfo of any URL. */
const urlUserinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'`<>]+@/gi;
/** Discord routes that carry a webhook or interaction token: `/webhooks/{id}/{token}`, `/interactions/{id}/{token}`. */
const routeToken = /\/(webhooks|interactions)\/(\d+)\/[^/\s"'?#]+/gi;
/** A Discord bot token: base64 user id, timestamp, HMAC, dot-separated. */
const botToken = /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g;
/** Discord interaction tokens start with base64 `interaction:`. */
const interactionToken = /\baW50ZXJhY3Rpb246[A-Za-z0-9+/=_-]+/g;
/** An Authorization header's credentials. */
const authScheme = /\b(Bot|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
/** A JSON member whose value is a secret by its name, at any depth (`"token":"…"`, `"password": "…"`). */
const secretMember =
  /"(token|password|passwd|secret|authorization|cookie|discordToken|DISCORD_TOKEN|clientSecret)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** A JSON member `"sql":"…"`: a failing statement, which mysql2 formats with its values filled in. */
const sqlMember = /"sql"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** Masks every secret this module knows in a piece of text (plain or JSON). */
export function redactSecrets(text: string): string {
  return text
    .replace(secretMember, `"$1"$2"${Redacted}"`)
    .replace(sqlMember, (_, sep: string, body: string) => {
      const statement = JSON.parse(`"${body}"`) as string;
      return `"sql"${sep}${JSON.stringify(sqlWithoutValues(statement))}`;
    })
    .replace(urlUserinfo, '$1***@')
    .replace(routeToken, `/$1/$2/${Redacted}`)
    .replace(interactionToken, Redacted)
    .replace(botToken, Redacted)
    .replace(authScheme, `$1 ${Redacted}`);
}

/**
 * Quoted identifiers stay; string, hex and numeric literals become `?`. Numbers inside names (`t1`, `v2_x`) are not
 * literals: the lookarounds keep them.
 */
const sqlToken =
  /(`(?:[^`]|``)*`)|'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|\bx'[0-9a-f]*'|\b0x[0-9a-f]+\b|(?<![\w$.])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w$])/gi;

/**
 * A SQL statement with its values taken out, for logs: mysql2 formats values into the statement client-side, so
 * `err.sql` carries member text and outbox bodies (which may hold interaction tokens). The shape of the statement
 * is what a reader needs to find the failing query.
 */
export function sqlWithoutValues(statement: string): string {
  return statement.replace(sqlToken, (match, identifier: string | undefined) => identifier ?? '?');
}
