import type { NextConfig } from "next";
// Importing lib/env validates configuration first, so bad settings fail the build rather than a request.
import { env } from "./lib/env";

// The Content-Security-Policy (with a per-request script nonce) comes from proxy.ts; these are the
// headers that are the same for every response. HSTS only in production: a development server on
// http://localhost must not pin the browser to HTTPS for that host.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  ...(env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

const nextConfig: NextConfig = {
  // Bundling TF.js breaks the wasm backend's .wasm lookup (it silently falls back to cpu).
  serverExternalPackages: [
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-core",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-node",
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    // Its workers load lib/queries/recommend-worker.mjs from disk, outside the bundle.
    "piscina",
  ],
  poweredByHeader: false,
  headers() {
    return Promise.resolve([{ source: "/:path*", headers: securityHeaders }]);
  },
};

export default nextConfig;
