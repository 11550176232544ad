import { Command } from "commander";
import { env } from "../../lib/env";
import { getDb } from "../../lib/db/client";
import { applyMigrations } from "../../lib/db/migrate";
import { removeStaffUser } from "../../lib/auth/staff";

const opts = new Command()
  .name("staff:remove")
  .description(
    "Delete a staff user. Their sessions end at once: every staff request checks the user in the database.",
  )
  .requiredOption("--email <email>", "sign-in email of the user to remove")
  .parse()
  .opts<{ email: string }>();

await applyMigrations(env.DATABASE_URL);
if (await removeStaffUser(getDb(), opts.email))
  console.log(`Staff user ${opts.email} removed; their sessions have ended.`);
else {
  console.error(`No staff user ${opts.email}.`);
  process.exitCode = 1;
}
await getDb().$disconnect();
