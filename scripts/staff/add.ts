import readline from "node:readline";
import { Command } from "commander";
import { env } from "../../lib/env";
import { getDb } from "../../lib/db/client";
import { applyMigrations } from "../../lib/db/migrate";
import { addStaffUser } from "../../lib/auth/staff";

const opts = new Command()
  .name("staff:add")
  .description(
    "Create a staff user who can sign in and download exports. The password is read from STAFF_PASSWORD or asked for.",
  )
  .requiredOption("--email <email>", "sign-in email")
  .option("--name <name>", "display name (defaults to the email)")
  .option("--replace", "reset the password of an existing user")
  .parse()
  .opts<{ email: string; name?: string; replace?: boolean }>();

async function askPassword(): Promise<string> {
  if (process.env.STAFF_PASSWORD) return process.env.STAFF_PASSWORD;
  if (!process.stdin.isTTY) {
    const lines: string[] = [];
    for await (const line of readline.createInterface({ input: process.stdin })) lines.push(line);
    return lines[0] ?? "";
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  const answer = new Promise<string>((resolve) => rl.question("Password (12+ characters): ", resolve));
  out._writeToOutput = (s: string) => process.stdout.write(s.includes("Password") ? s : "");
  const pw = await answer;
  rl.close();
  process.stdout.write("\n");
  return pw;
}

await applyMigrations(env.DATABASE_URL);
try {
  const user = await addStaffUser(
    getDb(),
    { email: opts.email, name: opts.name ?? opts.email, password: await askPassword() },
    opts.replace,
  );
  console.log(`Staff user ${user.email} ${opts.replace ? "updated" : "created"} (id ${user.id}).`);
} catch (err) {
  const e = err as { issues?: { path: PropertyKey[]; message: string }[]; message: string };
  console.error(e.issues ? e.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("\n") : e.message);
  process.exitCode = 1;
}
await getDb().$disconnect();
