import { Command } from "commander";
import { env } from "../../lib/env";
import { applyMigrations } from "../../lib/db/migrate";

new Command()
  .name("db:migrate")
  .description("Apply the checked-in migrations that the database named by DATABASE_URL has not seen.")
  .parse();

const applied = await applyMigrations(env.DATABASE_URL);
console.log(applied.length ? `Applied ${applied.join(", ")}.` : "Database is up to date.");
