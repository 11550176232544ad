import { spawn } from "node:child_process";

/**
 * Starts the site with a shell command (its own process group, stopped when the benchmark exits) and
 * waits until `base` answers /api/health. Returns its process group id and a stop function.
 */
export async function startSite(
  command: string,
  env: Record<string, string>,
  base: string,
  waitSeconds: number,
): Promise<{ group: number; stop: () => void }> {
  const server = spawn("sh", ["-c", command], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: "ignore",
    detached: true,
  });
  const group = server.pid ?? 0;
  const stop = () => {
    try {
      if (group) process.kill(-group, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stop);
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { group, stop };
    } catch {
      // not up yet
    }
    if (i > waitSeconds * 2)
      throw new Error(`"${command}" did not serve ${base} (did you run npm run build?)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
