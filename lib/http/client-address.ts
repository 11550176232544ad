import type { NextRequest } from "next/server";
import { env } from "../env";

/**
 * The header in which the launcher (`scripts/serve.ts`) hands each request its socket's address.
 * The launcher overwrites it on every request, so a client that sends one is ignored.
 */
export const PEER_HEADER = "x-atlas-peer";

// Set by the launcher in its own process. Under a plain `next start` the header is whatever the
// client sent, so it is trusted only when this mark is present (a client cannot set a global).
const PEER_MARK = Symbol.for("atlas.peerHeader");

/** Called by the launcher: every request of this process carries PEER_HEADER from its socket. */
export function markPeerHeaderTrusted(): void {
  (globalThis as Record<symbol, unknown>)[PEER_MARK] = true;
}

function isPeerHeaderTrusted(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_MARK] === true;
}

/** Bounded, and IPv4-mapped IPv6 written as IPv4, so one client has one key. */
function normalise(address: string): string {
  const a = address.trim().toLowerCase().slice(0, 64);
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

/**
 * Stands for "the socket peer" when it is unknown (no launcher): all such clients share one
 * (strict) key, not one each.
 */
export const DIRECT_CLIENT = "direct";

/**
 * The client's address for rate limits and audit entries. With `hops` = 0 (no proxy in front) it is
 * the socket's address; with N trusted proxies it is the N-th X-Forwarded-For entry from the right
 * (what the first trusted proxy saw), since every entry left of it can be written by the client.
 * A request with fewer entries than hops did not pass all the proxies: its socket address counts.
 */
export function clientAddress(req: Request | NextRequest, hops = env.TRUST_PROXY_HOPS): string {
  const peer = isPeerHeaderTrusted() ? req.headers.get(PEER_HEADER) : null;
  if (hops > 0) {
    const chain = (req.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const entry = chain.length >= hops ? chain[chain.length - hops] : undefined;
    if (entry) return normalise(entry);
  }
  if (peer) return normalise(peer);
  warnOnce();
  return DIRECT_CLIENT;
}

let warned = false;
function warnOnce(): void {
  if (warned || env.NODE_ENV === "test") return;
  warned = true;
  console.warn(
    "clientAddress: no trusted client address (serve with `npm start`, or set TRUST_PROXY_HOPS behind a proxy); " +
      "rate limits now share one key for every such request",
  );
}
