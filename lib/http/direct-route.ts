import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { passGate } from "./gate";
import { SECURITY_HEADERS } from "./security-headers";

/**
 * Routes the launcher (scripts/serve.ts) answers itself, without Next's router and proxy: the
 * recommend POST costs a few milliseconds of routing and request machinery in Next, more than its
 * own work once its lookups are cached (docs/web-tier.md). The route module publishes its handler
 * here when Next first loads it; the site's bundle has its own copy of every module, so a global
 * is what both see, and the launcher then calls the bundle's very handler (its caches, its worker
 * pool, its rate limiter): one implementation, two ways in. Until then, Next answers.
 */
const DIRECT_ROUTES = Symbol.for("atlas.directRoutes");
type Handler = (req: Request) => Promise<Response>;

function routes(): Map<string, Handler> {
  const g = globalThis as Record<symbol, unknown>;
  return (g[DIRECT_ROUTES] ??= new Map<string, Handler>()) as Map<string, Handler>;
}

/** Response header on what the launcher answered itself (as `x-cache` marks the response cache's). */
export const DIRECT_HEADER = "x-served-by";

/**
 * Publishes `handler` (a route's export) for `method pathname`, wrapped so that it answers as the
 * Next route does: lib/http/gate.ts first (what proxy.ts refuses, it refuses), then the handler,
 * with the Content-Security-Policy and the security headers that Next would add.
 */
export function publishDirectRoute(method: string, pathname: string, handler: Handler): void {
  routes().set(`${method} ${pathname}`, async (req) => {
    const gate = await passGate(req, pathname);
    const res = gate.refused ?? (await handler(req));
    if (!gate.refused) res.headers.set("Content-Security-Policy", gate.csp);
    for (const h of SECURITY_HEADERS) res.headers.set(h.key, h.value);
    res.headers.set(DIRECT_HEADER, "launcher");
    return res;
  });
}

/** The published handler for a request, or null (not one of them, or not loaded yet). */
function findDirectRoute(req: IncomingMessage): Handler | null {
  if (!req.url || !req.method) return null;
  const q = req.url.indexOf("?");
  const pathname = q === -1 ? req.url : req.url.slice(0, q);
  return routes().get(`${req.method} ${pathname}`) ?? null;
}

/**
 * In the launcher: answers a request with its published route and returns true, or returns false
 * (untouched: the caller hands it to Next). The body streams to the handler, which size-checks it.
 */
export function serveDirect(req: IncomingMessage, res: ServerResponse): boolean {
  const handler = findDirectRoute(req);
  if (!handler) return false;
  let request: Request;
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    request = new Request(new URL(req.url!, `http://${req.headers.host ?? "localhost"}`), {
      method: req.method,
      headers,
      body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
  } catch {
    return false; // a Host or header Next would judge: let it
  }
  handler(request)
    .then(async (answer) => {
      const body = Buffer.from(await answer.arrayBuffer());
      const headers: Record<string, string> = {};
      answer.headers.forEach((v, k) => (headers[k] = v));
      headers["content-length"] = String(body.length);
      res.writeHead(answer.status, headers).end(body);
    })
    .catch((err: unknown) => {
      console.error("direct route:", err);
      if (!res.headersSent)
        res
          .writeHead(500, { "content-type": "application/json", "cache-control": "no-store" })
          .end(JSON.stringify({ error: "Internal error", code: "internal" }));
      else res.destroy();
    });
  return true;
}
