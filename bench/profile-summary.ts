import fs from 'node:fs'
import path from 'node:path'

/*
 * Top functions by self time from a V8 .cpuprofile (`node --cpu-prof --import tsx bench/run.ts …`),
 * so a missed target can be explained without opening DevTools.
 * Usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP]
 */

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export function summarizeProfile(profile: Profile, top = 25): string[] {
  const selfUs = new Map<number, number>()
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const byFrame = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    total += us
    const { functionName, url, lineNumber } = node.callFrame
    const where = url ? `${path.basename(url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : ''
    const key = `${functionName || '(anonymous)'} ${where}`.trim()
    byFrame.set(key, (byFrame.get(key) ?? 0) + us)
  }
  return [...byFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`)
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const file = process.argv[2]
  if (!file) {
    process.stderr.write('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP]\n')
    process.exit(2)
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile
  process.stdout.write(summarizeProfile(profile, Number(process.argv[3] ?? 25)).join('\n') + '\n')
}
