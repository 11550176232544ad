import { z } from "zod";

// The only reader of process.env. Everything else imports `env` (or `readEnv` in tests).
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/atlas.db")
    .refine((u) => u.startsWith("file:") || /^postgres(ql)?:\/\//.test(u), {
      message: "must be file:<path> (SQLite) or postgresql://… (PostgreSQL)",
    }),
  // Salt for hashing registrar student ids at import. Never stored in the database.
  STUDENT_ID_SALT: z.string().min(16, "must be at least 16 characters").optional(),
  // Statistics about fewer distinct students than this are suppressed everywhere.
  MIN_STUDENTS: z.coerce.number().int().min(1).default(10),
  // Courses with fewer distinct students get no vector and are left out of the models' vocabularies.
  MIN_VECTOR_STUDENTS: z.coerce.number().int().min(1).default(20),
  // Force a TF.js backend (otherwise tfjs-node, then wasm, then cpu: the best that loads).
  TFJS_BACKEND: z.enum(["tensorflow", "wasm", "cpu"]).optional(),
  // Signs staff session cookies; at least 32 characters. Required to serve staff pages.
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  // Reverse proxies (load balancers) in front of the site that append to X-Forwarded-For. 0: none,
  // the client is the socket's peer; N: the N-th entry from the right is the client.
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // `npm start` (scripts/serve.ts): where to listen, and how many server processes (default: one a core).
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(), // default: every interface, IPv4 and IPv6
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // The launcher's response cache per server process, in MiB of kept bodies (0: off).
  RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  // Recommendation worker threads per server process, and how many requests may wait for them
  // (more get 503 with Retry-After).
  RECOMMEND_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  RECOMMEND_QUEUE: z.coerce.number().int().min(0).max(1000).default(64),
  // The worker threads' nice value (Linux: theirs only), so pages win a core over model work.
  RECOMMEND_NICE: z.coerce.number().int().min(0).max(19).default(10),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema
    // A course in a model's vocabulary is a statistic about its students, so the vector threshold
    // may not undercut the suppression threshold.
    .refine((e) => e.MIN_VECTOR_STUDENTS >= e.MIN_STUDENTS, {
      path: ["MIN_VECTOR_STUDENTS"],
      message: "must be at least MIN_STUDENTS",
    })
    .safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = readEnv();

export function isPostgres(url: string = env.DATABASE_URL): boolean {
  return !url.startsWith("file:");
}

/** A database URL fit to print or log: the password (if any) replaced by "***". */
export function redactDatabaseUrl(url: string = env.DATABASE_URL): string {
  if (!isPostgres(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgresql://(unparsable URL)";
  }
}
