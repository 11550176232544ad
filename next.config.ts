import type { NextConfig } from "next";
// Importing lib/env validates configuration first, so bad settings fail the build rather than a request.
import "./lib/env";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

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
    return Promise.resolve([{ source: "/:path*", headers: SECURITY_HEADERS }]);
  },
};

export default nextConfig;
