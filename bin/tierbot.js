#!/usr/bin/env node
// The installed command and `npm start`: runs the JavaScript `npm install` built into dist/ (the `prepare` script).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = new URL('../dist/main.js', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tierbot: dist/ is missing: run `npm install` (or `npm run build`) in the tierbot folder first.\n')
  process.exit(1)
}

// In a checkout (an installed package has no src/): sources changed after the build, as after a `git pull`
// without `npm install`, would run yesterday's code without a word.
const src = fileURLToPath(new URL('../src', import.meta.url))
if (existsSync(src) && process.env.TIERBOT_IMPORT_CHILD !== '1') {
  const built = statSync(fileURLToPath(entry)).mtimeMs
  let newer = false
  try {
    newer = readdirSync(src, { recursive: true }).some((f) => String(f).endsWith('.ts') && statSync(`${src}/${f}`).mtimeMs > built)
  } catch {
    // An unreadable source tree is no reason not to start.
  }
  if (newer) process.stderr.write('tierbot: src/ changed after the last build: run `npm run build` (or `npm install`) to run the new code; starting the old build.\n')
}
await import(entry.href)
