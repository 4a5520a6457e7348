/** Resolves what a message mentions, and how to show times (the viewer's locale and zone by default). */
export interface MarkdownContext {
  user?: (id: string) => string | undefined;
  role?: (id: string) => { name: string; color?: number } | undefined;
  channel?: (id: string) => string | undefined;
  locale?: string;
  timeZone?: string;
  /** "Now" for relative timestamps, in ms. */
  now?: number;
}

/** Escapes text for use in HTML content and quoted attributes. */
export function escapeHtml(text: string): string;

/** Formats a `<t:seconds:style>` timestamp like Discord's client; null when the time is invalid. */
export function formatTimestamp(seconds: number, style?: string, opts?: MarkdownContext): string | null;

/** Renders Discord markdown to safe HTML. */
export function renderMarkdown(text: string, ctx?: MarkdownContext): string;
