import { WorldPuppet } from '../../src/demo/world-puppet.js'

/** A gateway where remark writes to the contacts in `gone` are refused as "not a friend" (they deleted the account). */
export class DeletingPuppet extends WorldPuppet {
  readonly gone = new Set<string>()
  override async contactAlias(contactId: string): Promise<string>
  override async contactAlias(contactId: string, alias: string | null): Promise<void>
  override async contactAlias(contactId: string, alias?: string | null): Promise<void | string> {
    if (alias !== undefined && this.gone.has(contactId)) throw new Error('对方不是你的好友，无法修改备注')
    return alias === undefined ? super.contactAlias(contactId) : super.contactAlias(contactId, alias)
  }
}

/** Three answered private rounds each (L2), so the sync has a remark to write to every one of them. */
export function talkThreeRounds(puppet: WorldPuppet, shop: string, ids: string[]): void {
  for (const id of ids) {
    for (let i = 0; i < 3; i++) {
      puppet.inject({ talkerId: id, listenerId: shop, text: `在吗 ${i}` })
      puppet.inject({ talkerId: shop, listenerId: id, text: `在的 ${i}` })
    }
  }
}
