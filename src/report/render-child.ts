import type { ReportModel } from './model.js'
import { createInProcessRenderer } from './render.js'

/*
 * The render process (started by render-process.ts): draws each picture it is asked for and sends the
 * PNG back over the IPC channel. It exits when the bot lets go of it (idle, stop, or the bot's own
 * exit), and all of ECharts and harfbuzz's memory goes with it.
 */

export interface RenderRequest { id: number; model: ReportModel; shopName?: string }
export type RenderReply =
  | { id: number; ok: true; png: Uint8Array; width: number; height: number; peakRssMb: number }
  | { id: number; ok: false; error: string }

const fontCacheDir = process.argv[2]
if (!fontCacheDir) throw new Error('render process: pass the font cache folder')
const renderer = createInProcessRenderer({ fontCacheDir })

process.on('message', (request: RenderRequest) => {
  renderer.render(request.model, request.shopName).then(
    ({ png, width, height }) => reply({ id: request.id, ok: true, png, width, height, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
    (err: unknown) => reply({ id: request.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  )
})
process.on('disconnect', () => process.exit(0))

function reply(message: RenderReply): void {
  process.send?.(message)
}
