import cliProgress from "cli-progress";

export type Bar = { update: (value: number, payload?: Record<string, string | number>) => void; setTotal: (n: number) => void; stop: () => void };

/**
 * A progress bar on stderr with a rate and an ETA. On a non-TTY (CI, logs) it prints a plain line at
 * most every few seconds instead of redrawing.
 */
export function startBar(label: string, total: number, unit = "rows", extra = ""): Bar {
  const started = Date.now();
  if (!process.stderr.isTTY) {
    let lastPrint = 0;
    let tot = total;
    return {
      update(value, payload) {
        const now = Date.now();
        if (now - lastPrint < 3000 && value < tot) return;
        lastPrint = now;
        const rate = value / Math.max(0.001, (now - started) / 1000);
        const bits = payload ? Object.entries(payload).map(([k, v]) => `${k} ${v}`).join(" ") : "";
        process.stderr.write(`${label}: ${value.toLocaleString()}/${tot.toLocaleString()} ${unit} (${Math.round(rate).toLocaleString()} ${unit}/s) ${bits}\n`);
      },
      setTotal(n) {
        tot = n;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(14)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}${extra ? " | " + extra : ""}`,
      barCompleteChar: "█",
      barIncompleteChar: "░",
      hideCursor: true,
      stream: process.stderr,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: "0" });
  return {
    update(value, payload) {
      const rate = Math.round(value / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString();
      bar.update(value, { rate, ...payload });
    },
    setTotal(n) {
      bar.setTotal(n);
    },
    stop() {
      bar.stop();
    },
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
