"use client";

import { useRouter } from "next/navigation";

export function SignOutButton() {
  const router = useRouter();
  return (
    <p>
      <button
        className="secondary"
        onClick={() => {
          void fetch("/api/staff/session", { method: "DELETE" }).then(() => {
            router.push("/staff/sign-in");
            router.refresh();
          });
        }}
      >
        Sign out
      </button>
    </p>
  );
}
