/**
 * A command-line value that cannot be used as given (`report --week` of a week not begun yet): the
 * message alone goes to the terminal and the exit code is 2, as for every other usage error.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
