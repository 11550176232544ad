import { spawn } from "node:child_process";

/**
 * Starts the site with a shell command (its own process group, stopped when the benchmark exits) once
 * nothing else answers at `base`, and waits until `base` answers /api/health. Returns its process
 * group id and a stop function.
 */
export async function startSite(
  command: string,
  env: Record<string, string>,
  base: string,
  waitSeconds: number,
): Promise<{ group: number; stop: () => void }> {
  // A server still answering there (e.g. the previous run's, shutting down) would pass the health
  // check for this one, which then cannot bind the port: wait for it to go.
  const answers = () =>
    fetch(`${base}/api/health`).then(
      () => true,
      () => false,
    );
  for (let i = 0; await answers(); i++) {
    if (i > 30) throw new Error(`${base} is already served by another process: pick another --port`);
    await new Promise((r) => setTimeout(r, 500));
  }
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
