import { env } from "../env";

/** Stands for "the socket peer": Next gives route handlers no socket address. */
export const DIRECT_CLIENT = "direct";

/**
 * The client's address as the trusted proxies saw it. Each of the `hops` proxies in front of the
 * web tier appends the address it received the request from to X-Forwarded-For, so the N-th entry
 * from the right is the one the outermost trusted proxy wrote; anything further left was sent by
 * the client and can be forged. With no trusted proxy every client is the socket peer.
 */
export function clientAddress(req: Request, hops: number = env.TRUST_PROXY_HOPS): string {
  if (hops <= 0) return DIRECT_CLIENT;
  const entries = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const entry = entries[entries.length - hops];
  return entry ? entry.slice(0, 100) : DIRECT_CLIENT;
}
