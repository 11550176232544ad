import cluster from "node:cluster";
import http from "node:http";
import os from "node:os";
import next from "next";
import { env } from "../lib/env";
import { markPeerHeaderTrusted, PEER_HEADER } from "../lib/http/client-address";
import { markResponseCacheOn } from "../lib/http/cache-mark";
import { serveDirect } from "../lib/http/direct-route";
import { ResponseCache } from "../lib/http/response-cache";
import { serveThroughCache } from "../lib/http/response-cache-server";

/**
 * Serves the built site (`npm run build` first) with one Next.js server process per core (Node's
 * cluster: the primary hands connections to the workers in turn). Each process stamps every request
 * with its socket's address in PEER_HEADER, overwriting whatever the client sent, so rate limits
 * and audit entries key on an address a client cannot forge (see lib/http/client-address.ts).
 * In front of Next, each process keeps a response cache (RESPONSE_CACHE_MB): rendered pages and
 * read-API answers that the site marked cacheable, per model version, served again as bytes (a
 * page with a fresh CSP nonce); docs/web-tier.md. The recommend POST skips Next's router once its
 * route has loaded (lib/http/direct-route.ts).
 */
const processes = env.WEB_CONCURRENCY ?? os.availableParallelism();

if (cluster.isPrimary) {
  console.log(
    `Course Atlas: ${processes} server process(es) on http://${env.HOST ?? "localhost"}:${env.PORT}`,
  );
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < processes; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`server process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const app = next({ dev: false, dir: process.cwd(), hostname: env.HOST ?? "localhost", port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  markPeerHeaderTrusted();
  const cache = env.RESPONSE_CACHE_MB > 0 ? new ResponseCache(env.RESPONSE_CACHE_MB * 1024 * 1024) : null;
  if (cache) markResponseCacheOn();
  const server = http.createServer((req, res) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    // The recommend POST, once Next has loaded its route: answered here with that route's handler.
    if (serveDirect(req, res)) return;
    if (!cache) return void handle(req, res);
    serveThroughCache(req, res, cache, () => void handle(req, res)).catch((err: unknown) => {
      console.error("response cache:", err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(env.PORT, env.HOST);
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
