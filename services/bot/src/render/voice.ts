import type { Text } from '../i18n/index.ts';

/** What a converted renderer speaks with: the reader's language and the moment of rendering (for relative times). */
export interface Voice {
  text: Text;
  now: Date;
}
