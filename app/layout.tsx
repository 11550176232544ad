import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { connection } from "next/server";
import { CourseSearch } from "./_components/course-search";
import { InstitutionProvider } from "./_components/institution-context";
import { InstitutionSwitcher } from "./_components/institution-switcher";
import { currentInstitution, listKnownInstitutions } from "@/lib/institution-request";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Course Atlas", template: "%s · Course Atlas" },
  description: "Explore how courses relate, from years of enrollment histories.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the proxy's CSP nonce must reach Next's inline scripts, which a
  // page prerendered at build time would carry without it (and so fail to hydrate).
  await connection();
  const [institution, institutions] = await Promise.all([currentInstitution(), listKnownInstitutions()]);
  const several = institutions.length > 1;
  return (
    <html lang="en">
      <body>
        <InstitutionProvider code={institution.code} several={several}>
          <a className="skip" href="#main">
            Skip to content
          </a>
          <header className="site-header">
            {several && (
              <div className="institution-bar">
                <InstitutionSwitcher
                  current={institution.code}
                  institutions={institutions.map((i) => ({ code: i.code, name: i.name }))}
                />
              </div>
            )}
            <div className="inner">
              <Link href="/" className="brand">
                Course <span>Atlas</span>
              </Link>
              <nav className="nav" aria-label="Main">
                <Link href="/subjects">Subjects</Link>
                <Link href="/map">Map</Link>
                <Link href="/recommend">Recommend</Link>
                <Link href="/plan">Plan</Link>
                <Link href="/models">Models</Link>
                <Link href="/staff/exports">Staff</Link>
              </nav>
              <div className="header-search">
                <CourseSearch id="header-search" placeholder="Search courses…" />
              </div>
            </div>
          </header>
          <main id="main">{children}</main>
          <footer className="site-footer">
            Course Atlas · similarities learned from enrollment histories (course2vec) and next-term
            suggestions from an LSTM. Statistics about fewer than a minimum number of students are never
            shown; nothing about an individual student is.
          </footer>
        </InstitutionProvider>
      </body>
    </html>
  );
}
