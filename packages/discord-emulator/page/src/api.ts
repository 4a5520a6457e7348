import { byId } from './dom.ts';
import { state } from './state.ts';

/** What a request came to: ok with the JSON body (and the interaction id the emulator adds), or an error to show. */
export type ApiResult<T = unknown> =
  { ok: true; data: T | undefined; interactionId: string | null } | { ok: false; error: string };

/**
 * A request as Discord's client makes it: the member's token as `Authorization` and the viewer's language as
 * `X-Discord-Locale` (which the emulator puts in interactions as `locale`).
 */
export async function request<T = unknown>(
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  token?: string | null,
): Promise<ApiResult<T>> {
  const res = await fetch(path, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-discord-locale': state.locale,
      ...(token ? { authorization: token } : {}),
    },
    body: JSON.stringify(body),
  });
  const interactionId = res.headers.get('x-emulator-interaction-id');
  if (res.status === 204) return { ok: true, data: undefined, interactionId };
  const data = (await res.json().catch(() => ({}))) as T & { message?: string; error?: string; errors?: unknown };
  if (res.ok) return { ok: true, data, interactionId };
  return { ok: false, error: data.message ?? data.error ?? `HTTP ${res.status}` };
}

/** Shows (or with no text, hides) the error line above the composer. */
export function showError(text?: string): void {
  const box = byId('error');
  box.textContent = text ?? '';
  box.hidden = !text;
}
