"use client";

import { usePathname } from "next/navigation";
import { useRef } from "react";
import { switchInstitution } from "./institution-actions";

/**
 * The header's institution picker (only rendered when there are several). A plain form posting to a
 * server action, so it works without JavaScript; with it, choosing submits at once and the page the
 * user is on (with its query) is where they come back to.
 */
export function InstitutionSwitcher({
  current,
  institutions,
}: {
  current: string;
  institutions: { code: string; name: string }[];
}) {
  const back = useRef<HTMLInputElement>(null);
  const pathname = usePathname();
  return (
    <form
      action={switchInstitution}
      className="institution-switch"
      onSubmit={() => {
        if (back.current) back.current.value = window.location.pathname + window.location.search;
      }}
    >
      <input ref={back} type="hidden" name="back" defaultValue={pathname} />
      <label htmlFor="institution-select">Institution</label>
      <select
        id="institution-select"
        name="institution"
        defaultValue={current}
        onChange={(e) => e.currentTarget.form?.requestSubmit()}
      >
        {institutions.map((i) => (
          <option key={i.code} value={i.code}>
            {i.name}
          </option>
        ))}
      </select>
      <button type="submit">Switch</button>
    </form>
  );
}
