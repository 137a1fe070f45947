import { EVAL_SET } from './eval-set.js'
import { evaluate, formatEvaluation } from './evaluate.js'

/* `npm run signals:eval`: per-signal precision and recall of the detector on the labelled set. */

process.stdout.write(formatEvaluation(evaluate(EVAL_SET)) + '\n')
