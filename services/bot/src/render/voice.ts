import type { Text } from '../i18n/index.ts';

/** What a converted renderer speaks with: the reader's language and the moment of rendering (for relative times). */
export interface Voice {
  text: Text;
  now: Date;
}

/** How a cut list says how many rows it left out, in the reader's language (for fitRows and fitLines). */
export function moreIn(text: Text): (count: number) => string {
  return (count) => text.m.common.more({ count });
}
