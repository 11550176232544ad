import { env } from "../env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True for a state-changing request another site made a browser send (CSRF): a Sec-Fetch-Site
 * other than same-origin/none, or an Origin whose host is not this one. Browsers send Origin on
 * every POST, PUT, PATCH and DELETE, so a request without it comes from a non-browser client
 * (curl, a script), which no other site can drive and which is let through.
 */
export function isCrossSiteWrite(req: Request, hops: number = env.TRUST_PROXY_HOPS): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = req.headers.get("origin");
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, some redirects) or garbage
  }
  const hosts = [req.headers.get("host")];
  // Behind trusted proxies the public host is the one they forwarded. A page on another site cannot
  // make a browser set this header, so any entry will do.
  if (hops > 0) hosts.push(...(req.headers.get("x-forwarded-host") ?? "").split(",").map((h) => h.trim()));
  return !hosts.includes(host);
}
