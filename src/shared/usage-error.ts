/**
 * A command-line value or setting that cannot be used as given (`report --week` of a week not begun yet, a
 * `--db` where no file can be made, an `--account` the database does not hold): the
 * message alone goes to the terminal and the exit code is 2, as for every other usage error.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
