/**
 * lib/queries/cache.ts publishes its model-version check here once the site has loaded it; the
 * launcher's response cache reads it. The site's bundle has its own copy of every module, so a
 * global is the one thing both see, and the launcher reuses that once-a-second poll instead of
 * running a second one.
 */
const VERSION_READER = Symbol.for("atlas.modelVersionReader");

/** The first reader published stays (in a web process: the site's one database client). */
export function publishVersionReader(read: () => Promise<string>): void {
  (globalThis as Record<symbol, unknown>)[VERSION_READER] ??= read;
}

/** The current model version, or null before the site has published its check. */
export function readPublishedVersion(): Promise<string> | null {
  const read = (globalThis as Record<symbol, unknown>)[VERSION_READER];
  return typeof read === "function" ? (read as () => Promise<string>)() : null;
}
