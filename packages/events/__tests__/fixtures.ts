import { envelope, type MessageCreated } from '../src/index.ts';

/** A valid request event whose only interesting part is its content. */
export function request(content: string): MessageCreated {
  return envelope('gateway.message.created', 1, {
    guildId: '1',
    channelId: '2',
    messageId: '3',
    botUserId: '4',
    author: { id: '5', displayName: 'a', bot: false, roleIds: [], permissions: '0' },
    content,
    mentions: { users: [], roleIds: [], everyone: false },
  });
}
