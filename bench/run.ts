import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, InvalidArgumentError } from 'commander'
import { DEFAULT_OPTIONS, QUICK_OPTIONS, runBench, type BenchOptions } from './core.js'
import { formatTable, writeReport } from './report.js'

/* `npm run bench -- [--contacts N] [--messages N] [--quick] …`: prints the table, writes the JSON. */

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results/latest.json')

function count(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, e.g. 100000')
  return n
}

const program = new Command('bench')
  .description('tierbot benchmarks on a synthetic account (temp SQLite file, WAL, real migrations)')
  .option('--quick', 'tiny sizes for a smoke run (seconds)')
  .option('--contacts <n>', `contacts (default ${DEFAULT_OPTIONS.contacts})`, count)
  .option('--messages <n>', `messages of history (default ${DEFAULT_OPTIONS.messages})`, count)
  .option('--rooms <n>', `groups (default ${DEFAULT_OPTIONS.rooms})`, count)
  .option('--days <n>', `days of history (default ${DEFAULT_OPTIONS.days})`, count)
  .option('--seed <n>', `PRNG seed (default ${DEFAULT_OPTIONS.seed})`, count)
  .option('--tier-calls <n>', `/tier calls for the latency figures (default ${DEFAULT_OPTIONS.tierCalls})`, count)
  .option('--silent-calls <n>', `/silent calls (default ${DEFAULT_OPTIONS.silentCalls})`, count)
  .option('--import <n>', 'messages in a generated export (ChatLab JSONL) that `tierbot import` reads (default 0 = skip)', count)
  .option('--import-only', 'run only the import phase (no synthetic account)')
  .option('--ingest-only', 'stop after the ingest phase and its page count (ingest.* figures only; quick rounds)')
  .option('--chunk <n>', `messages per interleaved chunk (default ${DEFAULT_OPTIONS.chunk})`, count)
  .option('--no-sync', 'turn label/remark sync off (labels.enabled and labels.remarks false) to see its share')
  .option('--no-app-process', 'skip the separate app process (cold start-up, app peak RSS)')
  .option('--dir <path>', 'put the databases here and keep them (default: a temp dir, removed)')
  .option('--out <file>', 'JSON results file', RESULTS)
  .action(async (flags) => {
    const base = flags.quick ? QUICK_OPTIONS : DEFAULT_OPTIONS
    const options: BenchOptions = {
      ...base,
      contacts: flags.contacts ?? base.contacts,
      messages: flags.messages ?? base.messages,
      rooms: flags.rooms ?? base.rooms,
      days: flags.days ?? base.days,
      seed: flags.seed ?? base.seed,
      tierCalls: flags.tierCalls ?? base.tierCalls,
      silentCalls: flags.silentCalls ?? base.silentCalls,
      importMessages: flags.import ?? base.importMessages,
      importOnly: Boolean(flags.importOnly),
      ingestOnly: Boolean(flags.ingestOnly),
      chunk: flags.chunk ?? base.chunk,
      appProcess: flags.appProcess,
      sync: flags.sync,
      dir: flags.dir,
      log: (line) => process.stderr.write(`[bench ${process.uptime().toFixed(0).padStart(4)}s] ${line}\n`),
    }
    const report = await runBench(options)
    writeReport(report, flags.out)
    const m = report.machine
    process.stdout.write(`tierbot bench: ${options.contacts} contacts, ${options.messages} messages; ${m.cpus} × ${m.cpuModel}, Node ${m.node}, SQLite ${m.sqlite}\n\n`)
    process.stdout.write(formatTable(report) + '\n\n')
    process.stdout.write(`results: ${path.relative(process.cwd(), flags.out)}\n`)
  })

await program.parseAsync()
