#!/usr/bin/env node
// The installed command: runs the JavaScript `npm install` built into dist/ (the `prepare` script).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const entry = new URL('../dist/main.js', import.meta.url)
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('tierbot: dist/ is missing: run `npm install` (or `npm run build`) in the tierbot folder first.\n')
  process.exit(1)
}
await import(entry.href)
