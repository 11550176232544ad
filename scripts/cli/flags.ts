import type { z } from "zod";

/** Validates commander's option object with a zod schema; exits 2 with every problem named. */
export function parseFlags<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    console.error(
      `Bad flags:\n${parsed.error.issues.map((i) => `  --${kebab(String(i.path[0] ?? ""))}: ${i.message}`).join("\n")}`,
    );
    process.exit(2);
  }
  return parsed.data;
}
