import { Command } from "commander";
import { env, redactDatabaseUrl } from "../../lib/env";
import { resetDatabase } from "../../lib/db/migrate";

const program = new Command()
  .name("db:reset")
  .description("Delete the database named by DATABASE_URL and rebuild it empty from prisma/migrations.")
  .parse();
void program;

await resetDatabase(env.DATABASE_URL);
console.log(`Database ${redactDatabaseUrl()} rebuilt empty.`);
