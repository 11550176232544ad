/**
 * A form's filled-in fields as the pages save and share them (the names their query strings use);
 * React's internal `$ACTION_…` fields are left out.
 */
export function formQuery(form: HTMLFormElement): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of new FormData(form))
    if (typeof v === "string" && v && !k.startsWith("$")) q.append(k, v);
  return q;
}
