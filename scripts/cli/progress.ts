import cliProgress from "cli-progress";

export type Bar = {
  update: (value: number, payload?: Record<string, string | number>) => void;
  setTotal: (n: number) => void;
  stop: () => void;
};

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
        const bits = payload
          ? Object.entries(payload)
              .map(([k, v]) => `${k} ${v}`)
              .join(" ")
          : "";
        const eta = value > 0 && value < tot ? `, ETA ${formatDuration(((tot - value) / rate) * 1000)}` : "";
        process.stderr.write(
          `${label}: ${value.toLocaleString()}/${tot.toLocaleString()} ${unit} (${formatRate(rate)} ${unit}/s${eta}) ${bits}\n`,
        );
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
      const rate = formatRate(value / Math.max(0.001, (Date.now() - started) / 1000));
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

/** A rate readable at any size: 12,345 / 12.3 / 0.42 (a slow loop must not print "0 steps/s"). */
export function formatRate(rate: number): string {
  if (rate >= 100) return Math.round(rate).toLocaleString();
  if (rate >= 1) return rate.toFixed(1);
  return rate.toPrecision(2);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000); // round first: 299.6 s is "5 min 0 s", not "4 min 60 s"
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
