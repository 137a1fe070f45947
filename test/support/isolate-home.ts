import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/*
 * The puppet-service client caches contact payloads on disk under $HOME/.wechaty, keyed only by token
 * and account. Tests share a token and account ids, so each test file gets its own HOME: no stale
 * remark from another run, no lock fight between files running at the same time.
 */
process.env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-home-'))
