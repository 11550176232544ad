import { getDb } from "@/lib/db/client";
import { resolveInstitution } from "@/lib/institution";
import { listFromCatalog, listPartnerInstitutions } from "@/lib/queries/articulation";
import { TransferForm } from "./transfer-form";
import { EMPTY_VIEW } from "./transfer-view";

export const dynamic = "force-dynamic";
export const metadata = { title: "Transfer credit" };

export default async function TransferPage() {
  const db = getDb();
  const to = await resolveInstitution(db).catch(() => null);
  const partners = to ? await listPartnerInstitutions(db, to) : [];
  const catalogs = await Promise.all(
    partners.map(async (p) => ({
      code: p.code,
      name: p.name,
      courses: (await listFromCatalog(db, p)).map((c) => ({ code: c.code, title: c.title })),
    })),
  );
  return (
    <>
      <h1>Transfer credit</h1>
      <p className="muted">
        I took these at my college; what counts here{to ? ` at ${to.name}` : ""}? Pick your college and the
        courses you took. Agreed articulations are listed first; proposals come from a model that compares the
        two catalogs and how students take the courses, and must be confirmed with an advisor.
      </p>
      {!to || partners.length === 0 ? (
        <p className="notice">No partner college has been imported yet.</p>
      ) : (
        <TransferForm to={to.code} colleges={catalogs} initial={{ ...EMPTY_VIEW, from: catalogs[0]!.code }} />
      )}
    </>
  );
}
