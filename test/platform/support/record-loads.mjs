// Registers a module-resolution hook that appends every resolved URL to $TIERBOT_LOADS_FILE.
// Test support for stack-isolation.test.ts: which packages a process really loads.
import { register } from 'node:module'

register('./record-loads-hook.mjs', import.meta.url, { data: { file: process.env.TIERBOT_LOADS_FILE } })
