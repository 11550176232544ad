"use client";

import { createContext, useCallback, useContext, type ReactNode } from "react";

/** The institution the page shows, and whether the deployment has others (then API calls name it). */
type Current = { code: string; several: boolean };
const InstitutionContext = createContext<Current>({ code: "", several: false });

export function InstitutionProvider({ code, several, children }: Current & { children: ReactNode }) {
  return <InstitutionContext.Provider value={{ code, several }}>{children}</InstitutionContext.Provider>;
}

/**
 * An API path for the page's institution: the API reads `?institution=` rather than the cookie (its
 * answers stay cacheable by URL), so with several institutions every call names the page's one.
 */
export function useApiPath(): (path: string) => string {
  const { code, several } = useContext(InstitutionContext);
  return useCallback(
    (path: string) =>
      several ? `${path}${path.includes("?") ? "&" : "?"}institution=${encodeURIComponent(code)}` : path,
    [code, several],
  );
}
