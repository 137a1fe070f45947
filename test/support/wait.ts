/* Stack-free: juzi tests import it without the official packages. */

/** Poll until `check` is truthy (messages cross gRPC asynchronously). */
export async function waitFor<T>(check: () => T | undefined | null | false, what = 'condition', timeoutMs = 15_000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
