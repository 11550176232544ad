import type { Db } from "./db/client";
import { findCourse, getCatalog } from "./queries/catalog";

/**
 * A "back" path from a form, reduced to a path on this site: anything else (another origin, a
 * protocol-relative `//host`, backslashes, the API) becomes the home page, so the switcher cannot be
 * made to redirect anywhere else.
 */
export function safeBackPath(back: string): string {
  if (!back.startsWith("/") || back.startsWith("//") || back.includes("\\") || back.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(back, "http://site.invalid");
  } catch {
    return "/";
  }
  if (url.origin !== "http://site.invalid" || url.pathname.startsWith("/api/")) return "/";
  return url.pathname + url.search;
}

const decode = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

/**
 * Where a user on `path` lands after switching to another institution: the same page (and query)
 * when it exists there, else that institution's home. Course and subject pages exist only where
 * their code does; every other page exists at every institution.
 */
export async function pathAtInstitution(db: Db, institutionId: number, path: string): Promise<string> {
  const m = /^\/(courses|subjects)\/([^/?]+)/.exec(path);
  if (!m) return path;
  const code = decode(m[2]!);
  if (code === null) return "/";
  const catalog = await getCatalog(db, institutionId);
  const lower = code.trim().toLowerCase();
  const exists =
    m[1] === "courses"
      ? findCourse(catalog, code) !== undefined
      : [...catalog.subjects.keys()].some((s) => s.toLowerCase() === lower);
  return exists ? path : "/";
}
