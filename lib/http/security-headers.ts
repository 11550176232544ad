import { env } from "../env";

// The Content-Security-Policy (with a per-request script nonce) comes from lib/http/gate.ts; these
// are the headers that are the same for every response: next.config.ts sends them on everything
// Next answers, lib/http/direct-route.ts on what the launcher answers itself. HSTS only in
// production: a development server on http://localhost must not pin the browser to HTTPS.
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  ...(env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];
