/*
 * How a platform learns that a customer is gone (流失): the @juzi stack reports deletions as friendship
 * events; on either stack a send or remark refused as "not a friend" says the same.
 */

/*
 * A send or remark refused because the contact is no longer a friend: the customer deleted the account.
 * The wording varies by gateway; these are the forms seen in puppet errors.
 */
const NOT_A_FRIEND = /not (a |your )?friend|no longer (a )?friend|non.?friend|非好友|不是(你的|您的)?好友|好友关系(已)?(不存在|解除)|已被(对方)?删除|被对方删除/i

export function isNotAFriend(message: string): boolean {
  return NOT_A_FRIEND.test(message)
}

/** A puppet's timestamp (seconds or ms) as epoch ms; undefined when missing. */
export function epochMs(timestamp: unknown): number | undefined {
  const ts = Number(timestamp)
  return Number.isFinite(ts) && ts > 0 ? (ts < 1e12 ? ts * 1000 : ts) : undefined
}

interface FriendshipSource {
  on(event: 'friendship', cb: (payload: { friendshipId: string }) => void): void
  friendshipPayload(id: string): Promise<{ contactId: string; type: number; timestamp?: number }>
}

/**
 * Deletions are read from the puppet's own event: Wechaty's Friendship reloads the contact first and
 * drops the event when that fails — as it may for a contact who just deleted the account. A stack
 * without deletion types (the official one) has nothing to watch.
 */
export function watchDeletions(
  puppet: object,
  types: { deleted?: number; removed?: number },
  on: {
    lost: (contactId: string, by: 'customer' | 'merchant', timestamp: unknown) => Promise<void>
    failed: (err: unknown, friendshipId: string) => void
  },
): void {
  const { deleted, removed } = types
  if (deleted === undefined && removed === undefined) return
  const source = puppet as FriendshipSource
  source.on('friendship', ({ friendshipId }) => {
    void source.friendshipPayload(friendshipId).then(async (payload) => {
      if (payload.type !== deleted && payload.type !== removed) return
      await on.lost(payload.contactId, payload.type === deleted ? 'customer' : 'merchant', payload.timestamp)
    }).catch((err: unknown) => on.failed(err, friendshipId))
  })
}
