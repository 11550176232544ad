import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Staff sign-in" };

const MESSAGES: Record<string, string> = {
  invalid: "Wrong email or password.",
  "rate-limited": "Too many failed attempts. Wait 15 minutes and try again.",
  "not-configured": "Staff sign-in is not configured on this server (SESSION_SECRET is not set).",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const error = (await searchParams).error;
  return (
    <>
      <h1>Staff sign-in</h1>
      <p className="muted">
        Registrar staff sign in to download similarity, relationship and recommendation lists. Students need
        no account.
      </p>
      {!env.SESSION_SECRET && (
        <p className="notice">Sign-in is disabled until the server has a SESSION_SECRET.</p>
      )}
      {error && (
        <p className="error-box" role="alert">
          {MESSAGES[error] ?? "Sign-in failed."}
        </p>
      )}
      <form method="post" action="/api/staff/session" className="panel" style={{ maxWidth: 420 }}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="text" inputMode="email" autoComplete="username" required />
        <label htmlFor="password" style={{ marginTop: "0.6rem" }}>
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <div style={{ marginTop: "0.9rem" }}>
          <button type="submit">Sign in</button>
        </div>
      </form>
      <p className="small muted">
        Accounts are created by an administrator with <code>npm run staff:add</code>.
      </p>
    </>
  );
}
