import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The JS engine with a driver adapter is the only Prisma 6 setup that needs no downloaded binary.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter() {
    const url = process.env.DATABASE_URL?.startsWith("file:")
      ? process.env.DATABASE_URL
      : "file:./data/atlas.db";
    // The CLI opens this adapter even for schema-only commands (migrate diff): its folder must exist.
    fs.mkdirSync(path.dirname(url.replace(/^file:/, "")), { recursive: true });
    return Promise.resolve(new PrismaBetterSQLite3({ url }));
  },
});
